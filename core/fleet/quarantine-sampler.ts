// Pure: how much of a flood of refused messages the quarantine keeps. Per source (the
// sender's part of the topic) and kind of reason, the first few each hour are kept whole;
// the rest are only counted, onto the last kept one. A source refused faster than the
// flood rate in the last minute is named in the top bar.

/** Messages kept whole per source and reason each hour. */
export const SAMPLES_PER_HOUR = 20;
/** Refusals per minute from one source that count as a flood. */
export const FLOOD_PER_MINUTE = 600;

/** Who sent it: a VDA 5050 vehicle, a sensor, an alert source, else the topic's first three levels. */
export function sourceOf(topic: string): string {
  const parts = topic.split('/');
  if (parts[1] === 'v2' && parts.length === 5) return parts.slice(0, 4).join('/');
  if (parts[0] === 'watchfloor' && parts[3] === 'sensors') return parts.slice(0, 5).join('/');
  return parts.slice(0, 4).join('/');
}

/** The reason without the values in it, so that "x=901" and "x=902" are one kind. */
export const reasonClass = (reason: string) => reason.replace(/-?\d+(\.\d+)?/g, '#').replace(/'[^']*'|"[^"]*"/g, '…').slice(0, 200);

export interface Repeats { source: string; reasonClass: string; count: number; lastAt: string }

export class QuarantineSampler {
  private hour = -1;
  private readonly kept = new Map<string, number>();
  private readonly repeats = new Map<string, Repeats>();
  /** Refusals per source in each of the last 60 seconds (a ring), with the second last written. */
  private readonly recent = new Map<string, { counts: number[]; second: number }>();

  /** Whether to keep this refusal whole; one not kept is counted for `drain`. */
  admit(topic: string, reason: string, now: Date): { keep: boolean; source: string; reasonClass: string } {
    const source = sourceOf(topic);
    const cls = reasonClass(reason);
    const hour = Math.floor(now.getTime() / 3_600_000);
    if (hour !== this.hour) (this.hour = hour), this.kept.clear();
    this.remember(source, now.getTime());
    const key = `${source}\n${cls}`;
    const n = this.kept.get(key) ?? 0;
    if (n < SAMPLES_PER_HOUR) {
      this.kept.set(key, n + 1);
      return { keep: true, source, reasonClass: cls };
    }
    const r = this.repeats.get(key) ?? { source, reasonClass: cls, count: 0, lastAt: now.toISOString() };
    r.count++;
    r.lastAt = now.toISOString();
    this.repeats.set(key, r);
    return { keep: false, source, reasonClass: cls };
  }

  /** The counts not yet written, emptied. */
  drain(): Repeats[] {
    const out = [...this.repeats.values()];
    this.repeats.clear();
    return out;
  }

  private remember(source: string, t: number): void {
    const second = Math.floor(t / 1000);
    const r = this.recent.get(source) ?? { counts: new Array<number>(60).fill(0), second };
    this.roll(r, second);
    r.counts[second % 60]!++;
    this.recent.set(source, r);
  }

  /** Clears the seconds between the last one written and `second`. */
  private roll(r: { counts: number[]; second: number }, second: number): void {
    for (let s = r.second + 1; s <= Math.min(second, r.second + 60); s++) r.counts[s % 60] = 0;
    r.second = Math.max(r.second, second);
  }

  /** The source refused most in the last minute, if that is a flood. */
  flooding(now: Date): { source: string; perMinute: number } | null {
    let top: { source: string; perMinute: number } | null = null;
    for (const [source, r] of this.recent) {
      this.roll(r, Math.floor(now.getTime() / 1000));
      const perMinute = r.counts.reduce((a, b) => a + b, 0);
      if (perMinute === 0) this.recent.delete(source);
      else if (perMinute >= FLOOD_PER_MINUTE && (!top || perMinute > top.perMinute)) top = { source, perMinute };
    }
    return top;
  }
}
