import { describe, expect, it } from 'vitest';
import { inArea } from '../../core/contract/index.js';
import { setLocale } from '../i18n/i18n.svelte.js';
import { areaRefusal, circleRing, drawClick, drawClose, drawFeatures, drawFromArea, drawHint, drawMove, drawnArea, setRadius, startDraw, undoCorner, type DrawState } from './draw.js';

const at = (lat: number, lon: number) => ({ lat, lon });
/** Clicks the corners in order. */
const corners = (s: DrawState, pts: [number, number][]) => pts.reduce((acc, [lat, lon]) => drawClick(acc, at(lat, lon)), s);
const square: [number, number][] = [[52.09, 5.12], [52.09, 5.121], [52.091, 5.121], [52.091, 5.12]];

describe('drawing an area', () => {
  it('a point is one click, and another click moves it', () => {
    let s = startDraw('point');
    expect(drawnArea(s)).toBeNull();
    s = drawClick(s, at(52.09, 5.12));
    expect(drawnArea(s)).toEqual({ type: 'point', center: at(52.09, 5.12) });
    s = drawClick(s, at(52.0905, 5.1205));
    expect(drawnArea(s)).toEqual({ type: 'point', center: at(52.0905, 5.1205) });
  });

  it('a circle is its centre, then a click (or the pointer) for the radius', () => {
    let s = drawClick(startDraw('circle'), at(52.09, 5.12));
    expect(s.sizing).toBe(true);
    expect(drawnArea(s)).toBeNull();
    s = drawMove(s, at(52.0909, 5.12));
    expect(s.radiusM).toBe(100);
    expect(drawnArea(s)).toBeNull(); // still sizing
    s = drawClick(s, at(52.0918, 5.12));
    expect(drawnArea(s)).toEqual({ type: 'circle', center: at(52.09, 5.12), radiusM: 200 });
    // A typed radius replaces the drawn one; a new centre keeps it.
    s = drawClick(setRadius(s, 75), at(52.1, 5.13));
    expect(drawnArea(s)).toEqual({ type: 'circle', center: at(52.1, 5.13), radiusM: 75 });
  });

  it('a negative or zero radius is refused with core’s sentence', () => {
    const s = setRadius(drawClick(startDraw('circle'), at(52.09, 5.12)), -20);
    expect(areaRefusal(s)).toBe('a circle needs a radius above 0 m');
    expect(areaRefusal(setRadius(s, 0))).toBe('a circle needs a radius above 0 m');
    expect(areaRefusal(setRadius(s, 20))).toBeNull();
    expect(areaRefusal(setRadius(s, Number.NaN))).toBe('the radius must be a number of metres');
  });

  it('a polygon closes on its first corner, not before it has three', () => {
    let s = corners(startDraw('polygon'), square.slice(0, 2));
    s = drawClick(s, at(52.09, 5.12), true);
    expect(s.closed).toBe(false);
    expect(s.ring).toHaveLength(3); // too few corners: the click is a corner
    s = corners(startDraw('polygon'), square);
    s = drawClick(s, at(52.09, 5.12), true);
    expect(s.closed).toBe(true);
    expect(drawClick(s, at(52.2, 5.2)).ring).toHaveLength(4); // closed: clicks do nothing
    const area = drawnArea(s)!;
    expect(inArea(at(52.0905, 5.1205), area)).toBe(true);
    expect(inArea(at(52.0925, 5.1205), area)).toBe(false);
    expect(areaRefusal(s)).toBeNull();
  });

  it('a double-click closes, dropping the corner its second click added', () => {
    let s = corners(startDraw('polygon'), [...square, square[3]!]);
    expect(s.ring).toHaveLength(5);
    s = drawClose(s);
    expect(s.closed).toBe(true);
    expect(s.ring).toHaveLength(4);
    // Too few corners to close: stays open.
    expect(drawClose(corners(startDraw('polygon'), square.slice(0, 2))).closed).toBe(false);
  });

  it('undo opens a closed polygon, then takes corners back', () => {
    let s = drawClose(corners(startDraw('polygon'), square));
    s = undoCorner(s);
    expect(s.closed).toBe(false);
    expect(s.ring).toHaveLength(4);
    s = undoCorner(s);
    expect(s.ring).toHaveLength(3);
    expect(drawnArea(s)).toBeNull();
  });

  it('a self-intersecting polygon is refused naming the edges', async () => {
    // Corners in bow-tie order: edge 1 crosses edge 3.
    const s = drawClose(corners(startDraw('polygon'), [square[0]!, square[2]!, square[1]!, square[3]!]));
    expect(areaRefusal(s)).toBe('the polygon crosses itself (edge 1 crosses edge 3)');
    try {
      await setLocale('nl');
      expect(areaRefusal(s)).toBe('het vlak snijdt zichzelf (zijde 1 kruist zijde 3)');
    } finally {
      await setLocale('en');
    }
  });

  it('features: corners with the first marked, a line while open, a fill once closed', () => {
    const open = corners(startDraw('polygon'), square.slice(0, 3));
    const f = drawFeatures(open, false).features;
    expect(f.map((x) => x.properties.role)).toEqual(['edge', 'corner', 'corner', 'corner']);
    expect(f[1]!.properties.first).toBe(true);
    const closed = drawFeatures(drawClose(corners(startDraw('polygon'), square)), true).features;
    expect(closed.map((x) => `${x.properties.role}:${x.geometry.type}`).slice(0, 2)).toEqual(['fill:Polygon', 'edge:LineString']);
    // The outline is closed: back to the first corner.
    expect((closed[1]!.geometry.coordinates as unknown[]).length).toBe(5);
    expect(closed[0]!.properties.bad).toBe(true);
    const circle = drawFeatures(setRadius(drawClick(startDraw('circle'), at(52.09, 5.12)), 100), false).features;
    expect(circle.map((x) => x.properties.role)).toEqual(['fill', 'edge', 'center']);
    // A refused radius draws the centre only.
    expect(drawFeatures(setRadius(drawClick(startDraw('circle'), at(52.09, 5.12)), -5), true).features).toHaveLength(1);
  });

  it('a circle ring lies at the radius', () => {
    for (const [lon, lat] of circleRing(at(52.09, 5.12), 100, 16)) {
      expect(Math.abs(Math.hypot((lat - 52.09) * 111_195, (lon - 5.12) * 111_195 * Math.cos((52.09 * Math.PI) / 180)) - 100)).toBeLessThan(0.5);
    }
  });

  it('a saved area comes back as the same drawing, and the hint says what is next', async () => {
    const area = { type: 'polygon' as const, ring: square.map(([lat, lon]) => [lon, lat] as [number, number]) };
    expect(drawnArea(drawFromArea(area))).toEqual(area);
    expect(drawnArea(drawFromArea({ type: 'circle', center: at(1, 2), radiusM: 30 }))).toEqual({ type: 'circle', center: at(1, 2), radiusM: 30 });
    expect(drawHint(startDraw('polygon'))).toBe('Click the corners (0 so far, at least 3).');
    try {
      await setLocale('nl');
      expect(drawHint(startDraw('polygon'))).toBe('Klik de hoekpunten aan (0 tot nu toe, minstens 3).');
    } finally {
      await setLocale('en');
    }
    expect(drawHint(drawClick(startDraw('circle'), at(1, 2)))).toContain('radius');
  });
});
