import { describe, expect, it } from 'vitest';
import { haversineM } from '../contract/index.js';
import { areaRing, circleRing, clusterCell } from './shapes.js';

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

  it('halves the cluster cell with each zoom level and narrows latitude cells with the latitude', () => {
    const bbox = { minLat: 60, minLon: 0, maxLat: 60, maxLon: 1 };
    expect(clusterCell(13, bbox).lon).toBeCloseTo(clusterCell(12, bbox).lon / 2, 12);
    expect(clusterCell(12, bbox).lat).toBeCloseTo(clusterCell(12, bbox).lon / 2, 12);
  });
});
