// Pure: the field plan's frame ↔ screen conversion (frame y up, screen y down) and its grid.
export interface PlanView { cx: number; cy: number; mPerPx: number; w: number; h: number }

export const toScreen = (v: PlanView, x: number, y: number) => ({ x: v.w / 2 + (x - v.cx) / v.mPerPx, y: v.h / 2 - (y - v.cy) / v.mPerPx });
export const toFrame = (v: PlanView, sx: number, sy: number) => ({ x: v.cx + (sx - v.w / 2) * v.mPerPx, y: v.cy - (sy - v.h / 2) * v.mPerPx });

/** Grid lines every `step` metres (1, 10 or 50 by zoom), every fifth one major. */
export function gridLines(v: PlanView): Array<{ x1: number; y1: number; x2: number; y2: number; major: boolean }> {
  const halfW = (v.w / 2) * v.mPerPx;
  const step = halfW >= 80 ? 50 : halfW >= 20 ? 10 : 1;
  const out: Array<{ x1: number; y1: number; x2: number; y2: number; major: boolean }> = [];
  const halfH = (v.h / 2) * v.mPerPx;
  for (let x = Math.ceil((v.cx - halfW) / step) * step; x <= v.cx + halfW; x += step) {
    const s = toScreen(v, x, 0).x;
    out.push({ x1: s, y1: 0, x2: s, y2: v.h, major: Math.round(x / step) % 5 === 0 });
  }
  for (let y = Math.ceil((v.cy - halfH) / step) * step; y <= v.cy + halfH; y += step) {
    const s = toScreen(v, 0, y).y;
    out.push({ x1: 0, y1: s, x2: v.w, y2: s, major: Math.round(y / step) % 5 === 0 });
  }
  return out;
}
