import { describe, expect, it } from 'vitest';
import { haversineM } from '../contract/index.js';
import { areaRing, cellRange, cellX, cellY, circleRing } from './shapes.js';

describe('announcement shapes', () => {
  it('draws a circle as a closed 64-gon whose vertices lie at the radius', () => {
    const ring = circleRing(51.44, 5.47, 300);
    expect(ring).toHaveLength(65);
    expect(ring[64]).toEqual(ring[0]);
    for (const [lon, lat] of ring) expect(haversineM({ lat: 51.44, lon: 5.47 }, { lat, lon })).toBeCloseTo(300, -1);
  });

  it('draws a point as a 25 m circle and closes an open polygon ring', () => {
    const point = areaRing({ area_type: 'point', center_lat: 51.44, center_lon: 5.47, radius_m: null, polygon: null });
    expect(haversineM({ lat: 51.44, lon: 5.47 }, { lat: point[7]![1], lon: point[7]![0] })).toBeCloseTo(25, 0);
    const poly = areaRing({ area_type: 'polygon', center_lat: null, center_lon: null, radius_m: null, polygon: [[5.47, 51.44], [5.48, 51.44], [5.48, 51.45]] });
    expect(poly).toEqual([[5.47, 51.44], [5.48, 51.44], [5.48, 51.45], [5.47, 51.44]]);
  });

  it('puts points in 64-pixel Web Mercator cells that nest from one zoom to the next', () => {
    // At zoom 0 the world is 512 pixels: 8 cells across, the equator between rows 3 and 4.
    expect([cellX(-180, 0), cellX(0, 0), cellX(179.99, 0)]).toEqual([0, 4, 7]);
    expect([cellY(0.01, 0), cellY(-0.01, 0), cellY(89, 0), cellY(-89, 0)]).toEqual([3, 4, 0, 7]);
    const p = { lat: 51.4426, lon: 5.4711 };
    for (let z = 15; z <= 20; z++) {
      expect(cellX(p.lon, z) >> (z - 14)).toBe(cellX(p.lon, 14));
      expect(cellY(p.lat, z) >> (z - 14)).toBe(cellY(p.lat, 14));
    }
    const r = cellRange({ minLat: 51.43, minLon: 5.46, maxLat: 51.45, maxLon: 5.48 }, 14);
    expect(r.minY).toBeLessThan(r.maxY); // north is the smaller row
    expect(r.maxX - r.minX).toBe(cellX(5.48, 14) - cellX(5.46, 14));
  });
});
