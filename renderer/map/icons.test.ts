import { describe, expect, it } from 'vitest';
import { arrowIcon, CASE_SHAPES, caseIcon, caseIconId, dotIcon } from './icons.js';

const alpha = (img: { width: number; data: Uint8Array }, x: number, y: number) => img.data[(y * img.width + x) * 4 + 3]!;

describe('vehicle icons', () => {
  it('the arrow points up: solid near the tip, empty beside it and in the corners', () => {
    const a = arrowIcon(48);
    expect(a.data.length).toBe(48 * 48 * 4);
    expect(alpha(a, 24, 12)).toBeGreaterThan(191); // just below the tip: inside
    expect(alpha(a, 24, 36)).toBeLessThan(191); // the notch at the back: outside
    expect(alpha(a, 12, 12)).toBeLessThan(191);
    expect(alpha(a, 0, 0)).toBe(0); // far enough that even a halo stays clear of the edge
  });

  it('the dot is round and centred', () => {
    const d = dotIcon(48);
    expect(alpha(d, 24, 24)).toBe(255);
    expect(alpha(d, 24, 24 + 10)).toBeGreaterThan(191);
    expect(alpha(d, 24, 24 + 12)).toBeLessThan(191);
  });
});

describe('case icons', () => {
  const inside = (img: { width: number; data: Uint8Array }, x: number, y: number) => alpha(img, x, y) > 191;
  it('each kind has its own shape', () => {
    const kinds = Object.keys(CASE_SHAPES) as (keyof typeof CASE_SHAPES)[];
    const masks = kinds.map((k) => Array.from(caseIcon(k, 48).data.filter((_, i) => i % 4 === 3), (a) => (a > 191 ? 1 : 0)).join(''));
    expect(new Set(masks).size).toBe(kinds.length);
    for (const k of kinds) expect(alpha(caseIcon(k, 48), 0, 0), k).toBe(0);
    expect(new Set(kinds.map(caseIconId)).size).toBe(kinds.length);
  });
  it('the triangle points up, the diamond stands on a corner, the square does not', () => {
    const t = caseIcon('alerts', 48);
    expect(inside(t, 24, 5)).toBe(false);
    expect(inside(t, 24, 20)).toBe(true);
    expect(inside(t, 10, 36)).toBe(true);
    expect(inside(t, 10, 14)).toBe(false);
    const d = caseIcon('incidents', 48);
    const s = caseIcon('resources', 48);
    expect(inside(d, 24, 10)).toBe(true);
    expect(inside(d, 10, 10)).toBe(false);
    expect(inside(s, 14, 14)).toBe(true);
    expect(inside(s, 24, 4)).toBe(false);
  });
  it('the cross is open in its corners and solid along its arms', () => {
    const c = caseIcon('assets', 48);
    expect(inside(c, 24, 12)).toBe(true);
    expect(inside(c, 12, 24)).toBe(true);
    expect(inside(c, 13, 13)).toBe(false);
  });
});
