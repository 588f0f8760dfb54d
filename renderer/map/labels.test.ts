import { describe, expect, it } from 'vitest';
import { placeLabels } from './labels.js';

describe('labels over the map', () => {
  it('shows a label where it fits in the view and overlaps none shown before it, in the order given', () => {
    const shown = placeLabels([
      { x: 100, y: 100, w: 80, h: 14 }, // first: shown
      { x: 150, y: 105, w: 80, h: 14 }, // overlaps the first: hidden
      { x: 181, y: 100, w: 80, h: 14 }, // right beside the first: shown
      { x: 150, y: 114, w: 80, h: 14 }, // just below the first: shown
      { x: 760, y: 100, w: 80, h: 14 }, // past the right edge: hidden
      { x: 10, y: 595, w: 80, h: 14 }, // past the bottom: hidden
      { x: -1, y: 300, w: 80, h: 14 }, // past the left edge: hidden
    ], 800, 600);
    expect(shown).toEqual([true, false, true, true, false, false, false]);
  });

  it('keeps the hidden label out of the way of later ones', () => {
    // The second is hidden by the first, so the third, which only overlaps the second, is shown.
    expect(placeLabels([{ x: 0, y: 0, w: 50, h: 14 }, { x: 40, y: 0, w: 50, h: 14 }, { x: 80, y: 0, w: 50, h: 14 }], 800, 600)).toEqual([true, false, true]);
  });
});
