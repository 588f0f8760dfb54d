import { describe, expect, it } from 'vitest';
import type { ReplayEvent } from '../../core/contract/index.js';
import { advance, clamp, countByKind, marks, nextEvent, percentOf, previousEvent, stepMs, timeAtFraction } from './replay-clock.js';

const s = { from: 0, to: 3600_000 };
const ev = (sec: number, kind: ReplayEvent['kind']): ReplayEvent => ({ at: new Date(sec * 1000).toISOString(), kind, label: `${kind} ${sec}`, what: { code: 'alert', title: `${kind} ${sec}` }, ref: null });
const events = [ev(60, 'alert'), ev(120, 'status'), ev(121, 'status'), ev(600, 'audit'), ev(1800, 'command')];
const all = new Set(['alert', 'status', 'command', 'audit'] as const);

describe('replay clock', () => {
  it('moves the moment by real time times the speed, stopping at the end of the span', () => {
    expect(advance(0, 1000, 60, s)).toEqual({ at: 60_000, ended: false });
    expect(advance(0, 250, 5, s)).toEqual({ at: 1250, ended: false });
    expect(advance(3590_000, 1000, 20, s)).toEqual({ at: 3600_000, ended: true });
    // 60× from the start: an hour plays in a minute of frames.
    let at = 0;
    let frames = 0;
    for (let ended = false; !ended; frames++) ({ at, ended } = advance(at, 100, 60, s));
    expect([at, frames]).toEqual([3600_000, 600]);
  });

  it('steps a hundredth of the span, never less than a second, and keeps moments inside the span', () => {
    expect(stepMs(s)).toBe(36_000);
    expect(stepMs({ from: 0, to: 10_000 })).toBe(1000);
    expect(clamp(-5, s)).toBe(0);
    expect(clamp(4e6, s)).toBe(3600_000);
    expect(timeAtFraction(0.5, s)).toBe(1800_000);
    expect(timeAtFraction(1.2, s)).toBe(3600_000);
    expect(percentOf(900_000, s)).toBe(25);
  });

  it('finds the next and previous event of the kinds shown', () => {
    expect(nextEvent(events, 60_000, all)?.label).toBe('status 120');
    expect(nextEvent(events, 60_000, new Set(['audit']))?.label).toBe('audit 600');
    expect(nextEvent(events, 1800_000, all)).toBeNull();
    expect(previousEvent(events, 600_000, all)?.label).toBe('status 121');
    expect(previousEvent(events, 600_000, new Set(['alert']))?.label).toBe('alert 60');
    expect(previousEvent(events, 60_000, all)).toBeNull();
  });

  it('merges marks of one kind that would overlap, and leaves out hidden kinds', () => {
    const m = marks(events, all, s, 1000);
    expect(m.map((x) => [x.event.label, x.count])).toEqual([['alert 60', 1], ['status 120', 2], ['audit 600', 1], ['command 1800', 1]]);
    expect(marks(events, all, s, 1_000_000).map((x) => x.count)).toEqual([1, 1, 1, 1, 1]);
    expect(marks(events, new Set(['command']), s, 1000).map((x) => x.event.kind)).toEqual(['command']);
    expect(countByKind(events)).toEqual({ alert: 1, status: 2, command: 1, audit: 1 });
  });
});
