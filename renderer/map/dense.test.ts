import { MercatorCoordinate } from 'maplibre-gl';
import { describe, expect, it } from 'vitest';
import { STATUS_COLORS } from '../lib/fleet-format.js';
import { DenseFleet, labelledVehicles, mercator, translated, vehicleRgba } from './dense.js';
import { iconAtlas } from './dense-layer.js';
import { arrowIcon, dotIcon } from './icons.js';
import { SERVICE_COLORS } from './fleet.js';

const vehicle = (id: string, lon: number | null, lat: number | null, more: Record<string, unknown> = {}) =>
  ({ id, name: id, lon, lat, heading: 90, status: 'driving', service: null, battery: 50, ...more }) as never;

const hex = ([r, g, b]: number[]) => `#${[r, g, b].map((x) => x!.toString(16).padStart(2, '0')).join('')}`;

describe('the dense vehicle layer', () => {
  it('projects to Web Mercator as MapLibre does: 0..1 from the west and the north', () => {
    expect(mercator(-180, 0)).toEqual([0, 0.5]);
    expect(mercator(0, 0)).toEqual([0.5, 0.5]);
    const [, north] = mercator(0, 85.051129);
    expect(north).toBeCloseTo(0, 6);
    for (const [lon, lat] of [[5.4711, 51.4426], [-122.4194, 37.7749], [151.2093, -33.8688]] as const) {
      const c = MercatorCoordinate.fromLngLat([lon, lat]);
      const [x, y] = mercator(lon, lat);
      expect(x).toBeCloseTo(c.x, 12);
      expect(y).toBeCloseTo(c.y, 12);
    }
  });

  it('writes vehicles with a position into flat arrays: offsets from the first, colours, headings or -1 for a dot', () => {
    const fleet = new DenseFleet();
    fleet.set([
      vehicle('a', 5.4711, 51.4426, { heading: 450 }),
      vehicle('b', null, null),
      vehicle('c', 5.4712, 51.4426, { heading: null, status: 'error' }),
      vehicle('d', 5.4711, 51.4427, { heading: -90, service: { state: 'maintenance' } }),
    ]);
    expect(fleet.count).toBe(3);
    expect(fleet.ids).toEqual(['a', 'c', 'd']);
    expect([...fleet.headings.subarray(0, 3)]).toEqual([90, -1, 270]);
    expect([0, 1, 2].map((i) => hex([...fleet.colors.subarray(i * 4, i * 4 + 3)]))).toEqual([STATUS_COLORS.driving, STATUS_COLORS.error, SERVICE_COLORS.maintenance]);
    expect(fleet.colors[3]).toBe(255);
    // The offsets keep a tenth of a metre that float32 loses in absolute Mercator coordinates.
    expect([fleet.offsets[0], fleet.offsets[1]]).toEqual([0, 0]);
    const metre = 1 / (40_075_016 * Math.cos((51.4426 * Math.PI) / 180));
    expect(fleet.offsets[2]! / metre).toBeCloseTo((mercator(5.4712, 51.4426)[0] - mercator(5.4711, 51.4426)[0]) / metre, 1);
    expect(Math.fround(mercator(5.4712, 51.4426)[0]) - Math.fround(mercator(5.4711, 51.4426)[0])).not.toBeCloseTo(fleet.offsets[2]!, 9);
    // Fewer vehicles next time: the arrays are reused, the count says how many hold.
    const offsets = fleet.offsets;
    fleet.set([vehicle('e', 5.4711, 51.4426)]);
    expect([fleet.count, fleet.ids, fleet.offsets]).toEqual([1, ['e'], offsets]);
  });

  it('colours a vehicle out of service by its service state, else by its status', () => {
    expect(hex(vehicleRgba({ status: 'idle', service: null }))).toBe(STATUS_COLORS.idle);
    expect(hex(vehicleRgba({ status: 'driving', service: { state: 'decommissioned' } } as never))).toBe(SERVICE_COLORS.decommissioned);
    expect(hex(vehicleRgba({ status: 'unknown' } as never))).toBe(STATUS_COLORS.offline);
  });

  it('labels the vehicles in view when few are, else only the selected one', () => {
    const view = { west: 0, south: 0, east: 1, north: 1 };
    const inside = Array.from({ length: 5 }, (_, i) => vehicle(`in-${i}`, 0.5, 0.5));
    const outside = vehicle('out', 2, 2);
    expect(labelledVehicles([...inside, outside], view, null, 5).map((v: { id: string }) => v.id)).toEqual(inside.map((v: { id: string }) => v.id));
    // The selected one is labelled wherever it is.
    expect(labelledVehicles([...inside, outside], view, 'out', 5)).toHaveLength(6);
    // Too many in view: only the selected one.
    expect(labelledVehicles([...inside, outside], view, 'in-3', 4).map((v: { id: string }) => v.id)).toEqual(['in-3']);
    expect(labelledVehicles([...inside, outside], view, null, 4)).toEqual([]);
  });

  it('finds the vehicle drawn nearest a click, within the radius, projecting only those in the box', () => {
    const fleet = new DenseFleet();
    fleet.set([vehicle('a', 1, 1), vehicle('b', 1.5, 1), vehicle('far', 50, 50)]);
    let projected = 0;
    const project = (lon: number, lat: number) => (projected++, { x: lon * 10, y: lat * 10 });
    const box = { west: 0, south: 0, east: 2, north: 2 };
    expect(fleet.nearest(box, project, { x: 14, y: 10 }, 12)).toBe('b');
    expect(projected).toBe(2);
    expect(fleet.nearest(box, project, { x: 11, y: 10 }, 12)).toBe('a');
    expect(fleet.nearest(box, project, { x: 40, y: 40 }, 12)).toBeNull();
  });

  it("moves MapLibre's matrix to the fleet's origin without losing float64 precision", () => {
    const m = Float64Array.from({ length: 16 }, (_, i) => i + 1);
    const t = translated(m, 0.25, 0.5);
    // m × T(0.25, 0.5, 0) applied to a point p equals m applied to p + (0.25, 0.5).
    const apply = (mat: ArrayLike<number>, [x, y]: number[]) => [0, 1, 2, 3].map((r) => mat[r]! * x! + mat[4 + r]! * y! + mat[12 + r]!);
    expect(apply(t, [0.1, 0.2])).toEqual(apply(m, [0.35, 0.7]).map((v, i) => expect.closeTo(v, 12) as unknown as number));
    expect([...t.subarray(0, 12)]).toEqual([...m.subarray(0, 12)]);
  });

  it('puts the arrow and the dot side by side in one atlas, as the symbol layer draws them', () => {
    const atlas = iconAtlas();
    expect([atlas.width, atlas.height]).toEqual([96, 48]);
    const [arrow, dot] = [arrowIcon(48), dotIcon(48)];
    const at = (data: Uint8Array, w: number, x: number, y: number) => data[(y * w + x) * 4 + 3];
    for (const [x, y] of [[24, 10], [24, 30], [5, 40], [40, 24]]) {
      expect(at(atlas.data, 96, x!, y!)).toBe(at(arrow.data, 48, x!, y!));
      expect(at(atlas.data, 96, 48 + x!, y!)).toBe(at(dot.data, 48, x!, y!));
    }
  });
});
