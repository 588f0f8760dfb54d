import { describe, expect, it } from 'vitest';
import { clampWidth, FOLDED_WIDTH, MAX_WIDTH, MIN_WIDTH, readStored, shownWidth } from './panels.js';

describe('list panel width and folding', () => {
  it('keeps a width between the minimum and the maximum, and at most 60% of the window', () => {
    expect(clampWidth(100, 1920)).toBe(MIN_WIDTH);
    expect(clampWidth(2000, 1920)).toBe(MAX_WIDTH);
    expect(clampWidth(700, 1000)).toBe(600);
    expect(clampWidth(450.6, 1280)).toBe(451);
    // A window too narrow for 60% still leaves the panel usable.
    expect(clampWidth(400, 400)).toBe(MIN_WIDTH);
  });
  it('covers the strip when folded, the chosen width when set, else the view’s own', () => {
    expect(shownWidth(undefined, 420)).toBe(420);
    expect(shownWidth({ width: 500 }, 420)).toBe(500);
    expect(shownWidth({ width: 500, folded: true }, 420)).toBe(FOLDED_WIDTH);
  });
  it('reads back only what is a panel state', () => {
    expect(readStored(null)).toEqual({});
    expect(readStored('not json')).toEqual({});
    expect(readStored('[1]')).toEqual({});
    expect(readStored(JSON.stringify({ live: { width: 9999, folded: true }, city: { width: 'wide', folded: 'yes' }, x: 3 }))).toEqual({
      live: { width: MAX_WIDTH, folded: true },
      city: {},
    });
  });
});
