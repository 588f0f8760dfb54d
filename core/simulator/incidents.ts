// Trouble on the simulated fleet (trouble.ts) at random moments: errors that clear
// after their time, a vehicle that says goodbye or whose link drops, and comes back.
import { drawTrouble } from './trouble.js';
import type { SimVehicle } from './vehicle.js';

export interface IncidentTimes {
  /** Mean seconds between incidents across the whole fleet. */
  meanIntervalS: number;
}

export class Incidents {
  private timer: NodeJS.Timeout | null = null;
  private readonly pending = new Set<NodeJS.Timeout>();

  constructor(private readonly vehicles: SimVehicle[], private readonly random: () => number, private readonly times: IncidentTimes) {}

  start(): void {
    const next = () => {
      this.timer = setTimeout(() => {
        this.strike();
        next();
      }, -Math.log(1 - this.random()) * this.times.meanIntervalS * 1000);
      this.timer.unref();
    };
    next();
  }

  private later(ms: number, fn: () => void): void {
    const t = setTimeout(() => {
      this.pending.delete(t);
      fn();
    }, ms);
    t.unref();
    this.pending.add(t);
  }

  private strike(): void {
    const v = this.vehicles[Math.floor(this.random() * this.vehicles.length)];
    if (!v?.online) return;
    const trouble = drawTrouble(this.random);
    if (trouble.kind === 'error') {
      v.raise(trouble.type, trouble.level, trouble.description);
      if (trouble.stops) v.setPaused(true);
      this.later(trouble.lastsMs, () => {
        v.clear(trouble.type);
        if (trouble.stops) v.setPaused(false);
      });
      return;
    }
    // Goes offline for a while, with a goodbye or with its link dropped, and comes back.
    const back = () => this.later(trouble.lastsMs, () => void v.start().catch(() => {}));
    if (trouble.goodbye) void v.stop().then(back, back);
    else {
      v.kill();
      back();
    }
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.pending.forEach(clearTimeout);
  }
}
