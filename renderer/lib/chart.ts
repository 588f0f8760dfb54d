// Geometry for the small line charts, kept apart from the SVG so it can be tested.

export interface Sample {
  /** Epoch milliseconds. */
  t: number;
  v: number | null;
}

export interface Frame {
  width: number;
  height: number;
  /** Room for the axis labels. */
  left: number;
  bottom: number;
  top: number;
  right: number;
}

const scale = (d0: number, d1: number, r0: number, r1: number) => (x: number) => (d1 === d0 ? r0 : r0 + ((x - d0) / (d1 - d0)) * (r1 - r0));
const round = (n: number) => Math.round(n * 10) / 10;

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
 * Polyline `points` attributes for the samples inside [from, to], one per run of
 * samples with a value, so a gap in the data shows as a gap in the line: a missing
 * value, or a step longer than `gapMs` (an outage), never drawn as a straight line.
 */
export function lineSegments(samples: Sample[], x: { from: number; to: number }, y: { min: number; max: number }, f: Frame, gapMs = gapThreshold(samples)): string[] {
  const sx = scale(x.from, x.to, f.left, f.width - f.right);
  const sy = scale(y.min, y.max, f.height - f.bottom, f.top);
  const runs: string[][] = [[]];
  let last: number | null = null;
  for (const s of samples) {
    if (s.t < x.from || s.t > x.to) continue;
    if (s.v === null || (last !== null && s.t - last > gapMs)) {
      if (runs.at(-1)!.length) runs.push([]);
    }
    last = s.t;
    if (s.v === null) continue;
    const v = Math.min(y.max, Math.max(y.min, s.v));
    runs.at(-1)!.push(`${round(sx(s.t))},${round(sy(v))}`);
  }
  return runs.filter((r) => r.length).map((r) => r.join(' '));
}

/** The vertical position of a value, for gridlines and tick labels. */
export const yOf = (v: number, y: { min: number; max: number }, f: Frame): number => round(scale(y.min, y.max, f.height - f.bottom, f.top)(v));

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
