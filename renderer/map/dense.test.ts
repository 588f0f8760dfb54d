import { MercatorCoordinate } from 'maplibre-gl';
import { describe, expect, it } from 'vitest';
import { STATUS_COLORS } from '../lib/fleet-format.js';
import { DenseFleet, labelledVehicles, mercator, translated, vehicleRgba } from './dense.js';
import { fragmentShader, shapeDistance } from './dense-layer.js';
import { SERVICE_COLORS } from './fleet.js';
import { ARROW_SHAPE, arrowIcon, DOT_RADIUS } from './icons.js';

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
    const ids = (r: { labelled: { id: string }[]; crowded: boolean }) => [r.labelled.map((v) => v.id), r.crowded];
    expect(ids(labelledVehicles([...inside, outside], view, null, 5))).toEqual([inside.map((v: { id: string }) => v.id), false]);
    // The selected one is labelled wherever it is.
    expect(ids(labelledVehicles([...inside, outside], view, 'out', 5))).toEqual([[...inside.map((v: { id: string }) => v.id), 'out'], false]);
    // Too many in view (crowded): only the selected one.
    expect(ids(labelledVehicles([...inside, outside], view, 'in-3', 4))).toEqual([['in-3'], true]);
    expect(ids(labelledVehicles([...inside, outside], view, null, 4))).toEqual([[], true]);
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
    expect(apply(t, [0.1, 0.2])).toEqual(apply(m, [0.35, 0.7]).map((v) => expect.closeTo(v, 12) as unknown as number));
    expect([...t.subarray(0, 12)]).toEqual([...m.subarray(0, 12)]);
  });
});

describe("the dense layer's arrow", () => {
  /** The GLSL distance evaluated in JavaScript at a point of the icon's square (0..1, y down). */
  const distanceAt = (glsl: string) => {
    const f = new Function('q', 'r', 'dot', 'vec2', 'max', 'min', `return ${glsl};`) as (...a: unknown[]) => number;
    return (x: number, y: number) => {
      const q = [x - 0.5, y - 0.5];
      return f(q, Math.hypot(q[0]!, q[1]!), (a: number[], b: number[]) => a[0]! * b[0]! + a[1]! * b[1]!, (a: number, b: number) => [a, b], Math.max, Math.min);
    };
  };

  it('is the symbol icon: inside where the icon is, and the distance its halo is drawn from', () => {
    const d = distanceAt(shapeDistance(ARROW_SHAPE));
    const icon = arrowIcon(48);
    let differ = 0;
    let samples = 0;
    for (let y = 0; y < 48; y++) {
      for (let x = 0; x < 48; x++) {
        const [ux, uy] = [(x + 0.5) / 48, (y + 0.5) / 48];
        // The icon's SDF: its edge at alpha 0.75, 8 image pixels of distance over the rest.
        const iconDistance = (0.75 - icon.data[(y * 48 + x) * 4 + 3]! / 255) * 8;
        if (Math.abs(iconDistance) < 0.6) continue; // on the edge: either is right
        samples++;
        if (d(ux, uy) < 0 !== iconDistance < 0) differ++;
        // Within the halo (3 image pixels outside), the distances agree to a pixel, the tip's mitre aside.
        if (iconDistance > 0 && iconDistance < 3 && uy > 0.2) expect(Math.abs(d(ux, uy) * 48 - iconDistance), `${x},${y}`).toBeLessThan(1.5);
      }
    }
    expect(samples).toBeGreaterThan(2000);
    expect(differ).toBe(0);
  });

  it('builds a fragment shader from the arrow and the dot', () => {
    const glsl = fragmentShader();
    expect(glsl).toContain(shapeDistance(ARROW_SHAPE));
    expect(glsl).toContain(`r - ${DOT_RADIUS.toFixed(4)}`);
    expect(glsl).not.toContain('texture2D');
  });
});
