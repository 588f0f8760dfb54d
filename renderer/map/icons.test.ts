import { describe, expect, it } from 'vitest';
import { arrowIcon, dotIcon } from './icons.js';

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
