import { afterEach, describe, expect, it } from 'vitest';
import type { ReplayEvent, ReplayWhat } from '../../core/contract/index.js';
import { setLocale } from '../i18n/i18n.svelte.js';
import { eventText } from './replay-words.js';

const ev = (what: ReplayWhat, label = 'core’s English'): ReplayEvent => ({ at: '2026-01-01T12:00:00Z', kind: 'status', label, what, ref: null });

const EVENTS: ReplayWhat[] = [
  { code: 'alert', title: 'Fall in room 12' },
  { code: 'mission', pickup: 'ward-west', dropoff: 'rehab-south', event: 'started' },
  { code: 'incidentOpened', number: 'LIN-2026-00001' },
  { code: 'incidentStatus', number: 'LIN-2026-00001', status: 'en_route' },
  { code: 'connection', vehicle: 'Replay Parked', state: 'CONNECTIONBROKEN' },
  { code: 'audit', actor: 'op@site.test', action: 'missions.cancel' },
  { code: 'audit', actor: null, action: 'fleet.sync' },
];

describe('the time bar’s events in words', () => {
  afterEach(() => setLocale('en'));

  it('words each code in English as core labels it (a broken connection spaced)', () => {
    expect(EVENTS.map((w) => eventText(ev(w)))).toEqual([
      'Alert: Fall in room 12',
      'Mission ward-west → rehab-south: started',
      'LIN-2026-00001: opened',
      'LIN-2026-00001: en route',
      'Replay Parked: connection broken',
      'op@site.test: missions.cancel',
      'system: fleet.sync',
    ]);
  });

  it('words the same in Dutch', async () => {
    await setLocale('nl');
    expect(EVENTS.map((w) => eventText(ev(w)))).toEqual([
      'Alarm: Fall in room 12',
      'Transport ward-west → rehab-south: gestart',
      'LIN-2026-00001: aangemaakt',
      'LIN-2026-00001: onderweg',
      'Replay Parked: verbinding verbroken',
      'op@site.test: missions.cancel',
      'systeem: fleet.sync',
    ]);
  });

  it('falls back to the code’s own name for a step or state without words, and to core’s label for an unknown code', async () => {
    await setLocale('nl');
    expect(eventText(ev({ code: 'mission', pickup: 'a', dropoff: 'b', event: 'teleported_away' }))).toBe('Transport a → b: teleported away');
    expect(eventText(ev({ code: 'connection', vehicle: 'AGV 1', state: 'SLEEPING' }))).toBe('AGV 1: sleeping');
    expect(eventText(ev({ code: 'future' } as unknown as ReplayWhat, 'Something new'))).toBe('Something new');
  });
});
