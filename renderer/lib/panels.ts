// How wide a view's list panel is, and whether it is folded away: pure, so tested without a page.

/** A folded panel keeps a strip this wide, with the button that opens it again. */
export const FOLDED_WIDTH = 36;
export const MIN_WIDTH = 300;
export const MAX_WIDTH = 720;
/** What one arrow key press moves a panel's edge by. */
export const KEY_STEP = 24;

export interface PanelState {
  width?: number;
  folded?: boolean;
}

/** A width the panel can take: whole pixels, at least MIN_WIDTH, at most MAX_WIDTH and at most 60% of the window. */
export function clampWidth(width: number, windowWidth: number): number {
  const max = Math.max(MIN_WIDTH, Math.min(MAX_WIDTH, Math.floor(windowWidth * 0.6)));
  return Math.round(Math.min(max, Math.max(MIN_WIDTH, width)));
}

/** What was stored for each view, dropping anything that is not a panel state (a hand-edited or older value). */
export function readStored(raw: string | null): Record<string, PanelState> {
  let value: unknown;
  try {
    value = raw ? JSON.parse(raw) : {};
  } catch {
    return {};
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) return {};
  const out: Record<string, PanelState> = {};
  for (const [view, s] of Object.entries(value as Record<string, unknown>)) {
    if (!s || typeof s !== 'object') continue;
    const { width, folded } = s as Record<string, unknown>;
    const state: PanelState = {};
    if (typeof width === 'number' && Number.isFinite(width)) state.width = Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, Math.round(width)));
    if (folded === true) state.folded = true;
    out[view] = state;
  }
  return out;
}

/** The pixels a view's list panel covers: the strip when folded, else its chosen width or the view's own. */
export const shownWidth = (state: PanelState | undefined, fallback: number): number =>
  state?.folded ? FOLDED_WIDTH : (state?.width ?? fallback);
