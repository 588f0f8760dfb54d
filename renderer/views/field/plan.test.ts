import { describe, expect, it } from 'vitest';
import { gridLines, toFrame, toScreen } from './plan.js';

const v = { cx: 230, cy: 80, mPerPx: 0.0625, w: 320, h: 220 };

describe('field plan', () => {
  it('puts the vehicle in the middle, y up, and maps a click back to frame metres', () => {
    expect(toScreen(v, 230, 80)).toEqual({ x: 160, y: 110 });
    expect(toScreen(v, 231, 81)).toEqual({ x: 176, y: 94 });
    expect(toFrame(v, 176, 94)).toEqual({ x: 231, y: 81 });
  });
  it('draws a 1 m grid close up and a 50 m grid far out', () => {
    const close = gridLines(v);
    expect(close.filter((g) => g.x1 === g.x2)).toHaveLength(21);
    // 640 m across at 2 m a pixel: a line every 50 m (25 px), 13 of them.
    const far = gridLines({ ...v, mPerPx: 2 }).filter((g) => g.x1 === g.x2).map((g) => g.x1);
    expect(far).toHaveLength(13);
    expect(far[1]! - far[0]!).toBe(25);
  });
});
