// A report's chart as uPlot data and geometry, apart from the component so it can be tested.
import type { ReportChart } from '../../core/contract/index.js';

export const CHART_COLORS = ['#4aa3ff', '#f85149', '#d29922', '#3fb950', '#a371f7'];

/** Groups (or days) sit at x = 0, 1, 2…; the series' values follow, null where there is none. */
export function chartData(c: ReportChart): [number[], ...(number | null)[][]] {
  return [c.x.map((_, i) => i), ...c.series.map((s) => s.values)];
}

/**
 * Side-by-side bars: within each group's slot (80 % of the space between groups), series
 * `s` of `count` starts at its share. Returned in x-scale units: where bar `s` of group
 * `i` starts (i + offset) and how wide it is.
 */
export function barSlot(s: number, count: number, slot = 0.8): { offset: number; size: number } {
  const size = slot / count;
  return { offset: -slot / 2 + s * size, size };
}

/** The x range with half a slot of room either side, so the first and last bars are whole. */
export const xRange = (n: number): [number, number] => [-0.5, Math.max(0.5, n - 0.5)];

/** Which labels to show on the x axis so at most `room` fit: every k-th, always the first. */
export function labelSteps(n: number, room: number): number[] {
  const every = Math.max(1, Math.ceil(n / Math.max(1, room)));
  const out: number[] = [];
  for (let i = 0; i < n; i += every) out.push(i);
  return out;
}

/** An axis label short enough to sit under its bar: dates as "11-24", long names cut with an ellipsis. */
export function axisLabel(x: string, max = 14): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(x)) return x.slice(5);
  return x.length > max ? `${x.slice(0, max - 1)}…` : x;
}

/** How many labels fit across `widthPx` (12 px text, about 6.5 px a character, with a gap). */
export const labelRoom = (labels: string[], widthPx: number): number =>
  Math.max(1, Math.floor(widthPx / (Math.max(4, ...labels.map((l) => l.length)) * 6.5 + 14)));
