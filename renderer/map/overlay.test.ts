import type { Feature } from 'geojson';
import { describe, expect, it } from 'vitest';
import { geometryAttrs } from './overlay.js';

// A flat projection: 10 px a degree, y down.
const project = ([lon, lat]: [number, number]) => ({ x: lon * 10, y: -lat * 10 });
const f = (geometry: Feature['geometry']): Feature => ({ type: 'Feature', geometry, properties: {} });

describe('shapes over the map', () => {
  it('places a point as a circle centre, a line and a ring as a path, in pixels of the projection', () => {
    expect(geometryAttrs(f({ type: 'Point', coordinates: [1.25, 2] }), project)).toEqual({ cx: '12.5', cy: '-20.0' });
    expect(geometryAttrs(f({ type: 'LineString', coordinates: [[0, 0], [1, 1], [2, 0]] }), project)).toEqual({ d: 'M0.0 0.0L10.0 -10.0L20.0 0.0' });
    expect(geometryAttrs(f({ type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 0]]] }), project)).toEqual({ d: 'M0.0 0.0L10.0 0.0L10.0 -10.0L0.0 0.0Z' });
    expect(geometryAttrs(f({ type: 'MultiPoint', coordinates: [[0, 0]] }), project)).toEqual({});
  });
});
