import { describe, expect, it } from 'vitest';
import { basemapInUse } from './basemap-choice.js';

describe('basemap in use', () => {
  const packs = [{ id: 'a' }, { id: 'b' }];
  it('is the user\'s choice, else the site default, else the shipped map', () => {
    expect(basemapInUse('a', 'b', packs)).toBe('a');
    expect(basemapInUse('shipped', 'b', packs)).toBe('shipped');
    expect(basemapInUse(null, 'b', packs)).toBe('b');
    expect(basemapInUse(null, undefined, packs)).toBe('shipped');
  });
  it('skips a choice or default naming a pack this console does not have (removed, or imported on another console)', () => {
    expect(basemapInUse('gone', 'b', packs)).toBe('b');
    expect(basemapInUse('gone', 'elsewhere', packs)).toBe('shipped');
  });
});
