// The time bar's arithmetic, apart from the components so it can be tested.
import type { ReplayEvent, ReplayEventKind } from '../../core/contract/index.js';

export const SPEEDS = [1, 5, 20, 60] as const;
export type Speed = (typeof SPEEDS)[number];

/** The span the bar opens on without a thing to replay around: the last hour. */
export const DEFAULT_SPAN_MS = 3600_000;

export interface Span { from: number; to: number }

export const clamp = (t: number, s: Span): number => Math.min(s.to, Math.max(s.from, t));

/** Where playing moves the moment after `elapsedMs` of real time; `ended` once it reaches the span's end. */
export function advance(at: number, elapsedMs: number, speed: Speed, s: Span): { at: number; ended: boolean } {
  const next = clamp(at + elapsedMs * speed, s);
  return { at: next, ended: next >= s.to };
}

/** One step of the step buttons: a hundredth of the span, rounded to whole seconds, at least one second. */
export const stepMs = (s: Span): number => Math.max(1000, Math.round((s.to - s.from) / 100 / 1000) * 1000);

/** The first shown event after the moment (strictly), or null. */
export function nextEvent(events: readonly ReplayEvent[], at: number, kinds: ReadonlySet<ReplayEventKind>): ReplayEvent | null {
  return events.find((e) => kinds.has(e.kind) && Date.parse(e.at) > at) ?? null;
}

/** The last shown event before the moment (strictly), or null. */
export function previousEvent(events: readonly ReplayEvent[], at: number, kinds: ReadonlySet<ReplayEventKind>): ReplayEvent | null {
  return events.findLast((e) => kinds.has(e.kind) && Date.parse(e.at) < at) ?? null;
}

/** An event's place along the bar, 0–100 %. */
export const percentOf = (t: number, s: Span): number => (s.to === s.from ? 0 : ((clamp(t, s) - s.from) / (s.to - s.from)) * 100);

/** The moment at a fraction (0–1) of the bar, to whole seconds. */
export const timeAtFraction = (f: number, s: Span): number => clamp(Math.round((s.from + f * (s.to - s.from)) / 1000) * 1000, s);

/** Counts per kind, for the filter buttons. */
export function countByKind(events: readonly ReplayEvent[]): Record<ReplayEventKind, number> {
  const out: Record<ReplayEventKind, number> = { alert: 0, status: 0, command: 0, audit: 0 };
  for (const e of events) out[e.kind]++;
  return out;
}

/**
 * Marks close enough to overlap at this width merged into one, keeping the first event of
 * each group and how many it stands for: a busy hour stays readable and cheap to draw.
 */
export function marks(events: readonly ReplayEvent[], kinds: ReadonlySet<ReplayEventKind>, s: Span, widthPx: number, minGapPx = 3): { event: ReplayEvent; left: number; count: number }[] {
  const out: { event: ReplayEvent; left: number; count: number }[] = [];
  const last = new Map<ReplayEventKind, { left: number; count: number }>();
  for (const e of events) {
    if (!kinds.has(e.kind)) continue;
    const left = percentOf(Date.parse(e.at), s);
    const prev = last.get(e.kind);
    if (prev && ((left - prev.left) / 100) * widthPx < minGapPx) {
      prev.count++;
      continue;
    }
    const mark = { event: e, left, count: 1 };
    out.push(mark);
    last.set(e.kind, mark);
  }
  return out;
}
