import { describe, expect, it } from 'vitest';
import { errorSeverity } from '../ops/fleet-alerts.js';
import { seeded } from './site.js';
import { drawTrouble } from './trouble.js';

describe('simulated trouble', () => {
  const random = seeded(7);
  const drawn = Array.from({ length: 20_000 }, () => drawTrouble(random));
  const errors = drawn.flatMap((t) => (t.kind === 'error' ? [t] : []));
  /** The severity the console gives each error by the time it clears (null: nothing raised). */
  const raised = errors.map((e) => errorSeverity(e.level, e.lastsMs, false));
  const share = (n: number) => n / drawn.length;

  it('is mostly transient: most errors clear before the console raises anything', () => {
    expect(share(raised.filter((s) => s === null).length)).toBeGreaterThan(0.65);
    expect(errors.every((e) => e.lastsMs > 0 && e.lastsMs <= 6 * 60_000)).toBe(true);
  });

  it('raises a realistic rate of real problems on the demo fleet (one piece of trouble every 90 s)', () => {
    const perHour = 3600 / 90;
    const alerts = share(raised.filter((s) => s !== null).length) * perHour;
    const severe = share(raised.filter((s) => s !== null && s <= 2).length) * perHour;
    expect(alerts).toBeGreaterThan(3);
    expect(alerts).toBeLessThan(8);
    expect(severe).toBeGreaterThan(1);
    expect(severe).toBeLessThan(4);
    // Each kind of real problem occurs.
    expect(new Set(errors.filter((_, i) => raised[i] !== null).map((e) => e.type))).toEqual(new Set(['gpsDegraded', 'laserScannerFault']));
    expect(drawn.some((t) => t.kind === 'offline' && !t.goodbye)).toBe(true);
  });
});
