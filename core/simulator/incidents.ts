// What goes wrong in a real fleet, now and then: warnings, a fatal stop, a vehicle
// that says goodbye, one whose link drops without a word.
import type { SimVehicle } from './vehicle.js';

export interface IncidentTimes {
  /** Mean seconds between incidents across the whole fleet. */
  meanIntervalS: number;
}

const WARNINGS = [['obstacleDetected', 'Obstacle in path, slowing down'], ['gpsDegraded', 'GNSS accuracy degraded']] as const;

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
    const roll = this.random();
    if (roll < 0.5) {
      const [type, text] = WARNINGS[Math.floor(this.random() * WARNINGS.length)]!;
      v.raise(type, 'WARNING', text);
      this.later(8000 + this.random() * 12000, () => v.clear(type));
    } else if (roll < 0.75) {
      v.raise('bumperTriggered', 'FATAL', 'Safety bumper triggered; vehicle stopped');
      v.setPaused(true);
      this.later(20000 + this.random() * 20000, () => {
        v.clear('bumperTriggered');
        v.setPaused(false);
      });
    } else {
      // Goes offline for a while, with a goodbye or with its link dropped, and comes back.
      const back = () => this.later(30000 + this.random() * 30000, () => void v.start().catch(() => {}));
      if (roll < 0.875) void v.stop().then(back, back);
      else {
        v.kill();
        back();
      }
    }
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.pending.forEach(clearTimeout);
  }
}
