// Data for the small telemetry charts (drawn by uPlot), kept apart from the component so it can be tested.

export interface Sample {
  /** Epoch milliseconds. */
  t: number;
  v: number | null;
}

/** Below this, a pause between samples is never an outage (a vehicle reports at least every 30 s). */
export const MIN_GAP_MS = 30_000;

/**
 * The longest step between samples that still counts as continuous data: three
 * times the usual (median) step, and never less than `MIN_GAP_MS`. Samples come
 * in time buckets; a vehicle that was offline leaves buckets out.
 */
export function gapThreshold(samples: Sample[]): number {
  const steps = samples.slice(1).map((s, i) => s.t - samples[i]!.t).filter((d) => d > 0).sort((a, b) => a - b);
  const median = steps.length ? steps[Math.floor(steps.length / 2)]! : 0;
  return Math.max(MIN_GAP_MS, 3 * median);
}

/**
 * uPlot's columns for the samples inside [from, to]: x in seconds, y clamped to the axis,
 * with a null wherever the line must break, so a gap in the data shows as a gap: a missing
 * value, or a step longer than `gapMs` (an outage), never drawn as a straight line.
 */
export function chartColumns(samples: Sample[], x: { from: number; to: number }, y: { min: number; max: number }, gapMs = gapThreshold(samples)): { xs: number[]; ys: (number | null)[] } {
  const xs: number[] = [];
  const ys: (number | null)[] = [];
  let last: number | null = null;
  for (const s of samples) {
    if (s.t < x.from || s.t > x.to) continue;
    if (last !== null && s.t - last > gapMs && ys.at(-1) !== null) {
      xs.push((last + s.t) / 2000);
      ys.push(null);
    }
    last = s.t;
    xs.push(s.t / 1000);
    ys.push(s.v === null ? null : Math.min(y.max, Math.max(y.min, s.v)));
  }
  return { xs, ys };
}

/** The runs of values a chart draws as separate lines (a lone value is a dot). */
export function runsOf(ys: (number | null)[]): number[] {
  const runs: number[] = [];
  let n = 0;
  for (const v of [...ys, null]) {
    if (v !== null) n++;
    else if (n) runs.push(n), (n = 0);
  }
  return runs;
}

/** A round upper bound for an axis: 1.4 → 1.5, 3.2 → 4, 17 → 20; never below `floor`. */
export function niceMax(max: number, floor = 1): number {
  const m = Math.max(max, floor);
  const step = 10 ** Math.floor(Math.log10(m));
  for (const k of [1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10]) if (k * step >= m - 1e-9) return k * step;
  return 10 * step;
}

/**
 * The time span to draw: the window up to `now`, narrowed to where the data
 * starts (a console that just started has seconds of history, not 30 minutes),
 * but at least `minSpanMs` wide.
 */
export function timeSpan(samples: Sample[], now: number, windowMs: number, minSpanMs = 60_000): { from: number; to: number } {
  const first = samples[0]?.t ?? now;
  const from = Math.min(Math.max(now - windowMs, first), now - minSpanMs);
  return { from, to: now };
}
