import { describe, expect, it } from 'vitest';
import { FLOOD_PER_MINUTE, QuarantineSampler, SAMPLES_PER_HOUR, reasonClass, sourceOf } from './quarantine-sampler.js';

const at = (s: number) => new Date(Date.UTC(2026, 10, 30, 10, 0, 0) + s * 1000);

describe('quarantine sampling', () => {
  it('names the sender of a topic and the kind of a reason', () => {
    expect(sourceOf('uagv/v2/Acme/s1/state')).toBe('uagv/v2/Acme/s1');
    expect(sourceOf('watchfloor/v1/lindenhof/sensors/t-1/reading')).toBe('watchfloor/v1/lindenhof/sensors/t-1');
    expect(sourceOf('watchfloor/v1/lindenhof/alerts/nursecall')).toBe('watchfloor/v1/lindenhof/alerts');
    expect(reasonClass("position x=901 y=-2.5 is more than 500 m outside map 'campus'")).toBe('position x=# y=# is more than # m outside map …');
  });

  it('keeps the first of each source and reason whole each hour and counts the rest', () => {
    const s = new QuarantineSampler();
    const kept = Array.from({ length: 100 }, (_, i) => s.admit('uagv/v2/A/1/state', `batteryCharge ${i} is outside 0–100`, at(i / 10)).keep);
    expect(kept.filter(Boolean)).toHaveLength(SAMPLES_PER_HOUR);
    expect(s.admit('uagv/v2/A/2/state', 'batteryCharge 200 is outside 0–100', at(11)).keep).toBe(true); // another source
    expect(s.admit('uagv/v2/A/1/state', 'not JSON', at(11)).keep).toBe(true); // another reason
    expect(s.drain()).toEqual([{ source: 'uagv/v2/A/1', reasonClass: 'batteryCharge # is outside #–#', count: 80, lastAt: at(9.9).toISOString() }]);
    expect(s.drain()).toEqual([]);
    expect(s.admit('uagv/v2/A/1/state', 'batteryCharge 7 is outside 0–100', at(3600)).keep).toBe(true); // a new hour
  });

  it('names a source that floods, and forgets it a minute after it stops', () => {
    const s = new QuarantineSampler();
    for (let i = 0; i < FLOOD_PER_MINUTE; i++) s.admit('uagv/v2/Junk/x/state', 'not JSON', at(i * 0.05));
    for (let i = 0; i < 10; i++) s.admit('uagv/v2/A/1/state', 'not JSON', at(i));
    expect(s.flooding(at(31))).toEqual({ source: 'uagv/v2/Junk/x', perMinute: FLOOD_PER_MINUTE });
    expect(s.flooding(at(95))).toBeNull();
  });
});
