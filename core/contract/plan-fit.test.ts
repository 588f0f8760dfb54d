import { describe, expect, it } from 'vitest';
import { frameToLatLon, latLonToFrame, thetaToBearing, type Georef } from './georef.js';
import { fitPlan, frameToPixel, pixelToFrame, planCorners, type ControlPoint } from './plan-fit.js';

const plan = { width: 800, height: 600 };
/** A plan truly placed at 0.05 m a pixel, turned 30° counter-clockwise, its bottom-left corner here. */
const truth: Georef = { originLat: 51.4416, originLon: 5.4697, rotationDeg: 30 };
const MPP = 0.05;
const truePoint = (u: number, v: number): ControlPoint => {
  const f = pixelToFrame(MPP, plan, u, v);
  return { u, v, ...frameToLatLon(truth, f.x, f.y) };
};
/** Moves a point's lat/lon by east/north metres. */
const moved = (p: ControlPoint, east: number, north: number): ControlPoint => {
  const g: Georef = { originLat: p.lat, originLon: p.lon, rotationDeg: 0 };
  return { ...p, ...frameToLatLon(g, east, north) };
};

describe('placing a plan by control points', () => {
  it('two points: a similarity that recovers scale, rotation and origin, residual zero', () => {
    const fit = fitPlan([truePoint(100, 500), truePoint(700, 80)], plan);
    expect(fit.kind).toBe('similarity');
    expect(fit.metresPerPixel).toBeCloseTo(MPP, 6);
    expect(fit.georef.rotationDeg).toBeCloseTo(30, 4);
    expect(fit.georef.matrix).toBeUndefined();
    const o = latLonToFrame(truth, fit.georef.originLat, fit.georef.originLon);
    expect(Math.hypot(o.x, o.y)).toBeLessThan(0.01);
    expect(fit.maxM).toBeLessThan(1e-6);
  });

  it('three points: an exact affine fit of a true similarity, which maps every pixel where it belongs', () => {
    const fit = fitPlan([truePoint(0, 0), truePoint(800, 0), truePoint(400, 600)], plan);
    expect(fit.kind).toBe('affine');
    expect(fit.rmsM).toBeLessThan(1e-6);
    expect(fit.metresPerPixel).toBeCloseTo(MPP, 6);
    const f = pixelToFrame(fit.metresPerPixel, plan, 250, 333);
    const p = frameToLatLon(fit.georef, f.x, f.y);
    const t = latLonToFrame(truth, p.lat, p.lon);
    expect(Math.hypot(t.x - 250 * MPP, t.y - (600 - 333) * MPP)).toBeLessThan(0.01);
    expect(thetaToBearing(fit.georef, 0)).toBeCloseTo(60, 3);
  });

  it('four corners with one 2 m off: each residual is a quarter of the error (0.5 m), by the hat matrix of a square', () => {
    const pts = [truePoint(0, 0), truePoint(600, 0), truePoint(600, 600), truePoint(0, 600)];
    pts[2] = moved(pts[2]!, 1.2, 1.6);
    const fit = fitPlan(pts, { width: 600, height: 600 });
    for (const r of fit.residualsM) expect(r).toBeCloseTo(0.5, 3);
    expect(fit.rmsM).toBeCloseTo(0.5, 3);
    expect(fit.maxM).toBeCloseTo(0.5, 3);
  });

  it('stretches in the affine matrix, and the frame round-trips through it', () => {
    const g: Georef = { originLat: 52, originLon: 4, rotationDeg: 0, matrix: [1.02, 0.01, -0.02, 0.98] };
    const p = frameToLatLon(g, 120, -45);
    const back = latLonToFrame(g, p.lat, p.lon);
    expect(back.x).toBeCloseTo(120, 6);
    expect(back.y).toBeCloseTo(-45, 6);
  });

  it('refuses points that cannot place a plan, with a sentence', () => {
    expect(() => fitPlan([truePoint(10, 10)], plan)).toThrow(/at least two/);
    expect(() => fitPlan([truePoint(10, 10), truePoint(10, 10)], plan)).toThrow(/one pixel/);
    expect(() => fitPlan([truePoint(0, 0), truePoint(100, 100), truePoint(200, 200)], plan)).toThrow(/one line/);
    const a = truePoint(0, 0), b = truePoint(800, 0), c = truePoint(400, 600);
    // The lat/lon of two points swapped against their pixels: a mirror image.
    expect(() => fitPlan([a, { ...b, lat: c.lat, lon: c.lon }, { ...c, lat: b.lat, lon: b.lon }], plan)).toThrow(/mirror/);
  });

  it('gives the corners for MapLibre (top-left first) and converts pixels both ways', () => {
    const c = planCorners(truth, MPP, plan);
    const tl = latLonToFrame(truth, c[0][1], c[0][0]);
    expect(tl.x).toBeCloseTo(0, 3);
    expect(tl.y).toBeCloseTo(600 * MPP, 3);
    const bl = latLonToFrame(truth, c[3][1], c[3][0]);
    expect(Math.hypot(bl.x, bl.y)).toBeLessThan(0.001);
    expect(frameToPixel(MPP, plan, 5, 10)).toEqual({ u: 100, v: 400 });
  });
});
