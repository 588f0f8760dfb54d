// A large fleet as flat arrays for the map's dense vehicle layer (dense-layer.ts): positions,
// colours and headings written into typed arrays that go to the GPU as they are, instead of
// one labelled GeoJSON feature per vehicle that MapLibre tiles again on every update.
import type { VehicleLive } from '../../core/contract/index.js';
import { STATUS_COLORS } from '../lib/fleet-format.js';
import { SERVICE_COLORS } from './fleet.js';

/** Above this many vehicles the Live view draws them with the dense layer, and labels only a few. */
export const DENSE_AT = 2000;
/** In the dense layer, vehicles get labels when at most this many are in view (the selected one always). */
export const DENSE_LABELS = 200;

/** Web Mercator, 0..1 from the west and from the north, as MapLibre's custom layers take it. */
export function mercator(lon: number, lat: number): [number, number] {
  const s = Math.sin((Math.max(-85.051129, Math.min(85.051129, lat)) * Math.PI) / 180);
  return [(lon + 180) / 360, 0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI)];
}

const rgba = (hex: string): [number, number, number, number] => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)).concat(255) as [number, number, number, number];
const STATUS_RGBA = Object.fromEntries(Object.entries(STATUS_COLORS).map(([k, v]) => [k, rgba(v)]));
const SERVICE_RGBA = Object.fromEntries(Object.entries(SERVICE_COLORS).map(([k, v]) => [k, rgba(v)]));

/** The colour a vehicle is drawn in: its service state's when out of service, else its status's (as the symbol layer's `icon-color`). */
export const vehicleRgba = (v: Pick<VehicleLive, 'status' | 'service'>): [number, number, number, number] =>
  (v.service ? SERVICE_RGBA[v.service.state] : undefined) ?? STATUS_RGBA[v.status] ?? STATUS_RGBA.offline!;

/**
 * The vehicles with a position, flat: `offsets` are Mercator x, y less `origin` (small numbers keep
 * float32's precision at close zoom), `colors` RGBA bytes, `headings` degrees or -1 for none (a dot).
 * `lon`, `lat` and `ids` are for finding a vehicle under a click.
 */
export class DenseFleet {
  count = 0;
  origin: [number, number] | null = null;
  offsets = new Float32Array(0);
  colors = new Uint8Array(0);
  headings = new Float32Array(0);
  lon = new Float64Array(0);
  lat = new Float64Array(0);
  ids: string[] = [];

  /** Writes the vehicles into the arrays, reusing them while they are large enough. */
  set(vehicles: readonly VehicleLive[]): void {
    if (this.offsets.length < vehicles.length * 2) {
      const n = Math.ceil(vehicles.length * 1.25);
      this.offsets = new Float32Array(n * 2);
      this.colors = new Uint8Array(n * 4);
      this.headings = new Float32Array(n);
      this.lon = new Float64Array(n);
      this.lat = new Float64Array(n);
    }
    let i = 0;
    this.ids.length = 0;
    for (const v of vehicles) {
      if (v.lat === null || v.lon === null) continue;
      const [x, y] = mercator(v.lon, v.lat);
      this.origin ??= [x, y];
      this.offsets[i * 2] = x - this.origin[0];
      this.offsets[i * 2 + 1] = y - this.origin[1];
      this.colors.set(vehicleRgba(v), i * 4);
      this.headings[i] = v.heading === null ? -1 : ((v.heading % 360) + 360) % 360;
      this.lon[i] = v.lon;
      this.lat[i] = v.lat;
      this.ids.push(v.id);
      i++;
    }
    this.count = i;
  }

  /**
   * The vehicle drawn nearest a point of the screen, within `radius` pixels, or null. Only those
   * inside `box` (the longitudes and latitudes around the point) are projected.
   */
  nearest(box: { west: number; south: number; east: number; north: number }, project: (lon: number, lat: number) => { x: number; y: number }, at: { x: number; y: number }, radius: number): string | null {
    let best: string | null = null;
    let bestDistance = radius;
    for (let i = 0; i < this.count; i++) {
      const lon = this.lon[i]!;
      const lat = this.lat[i]!;
      if (lon < box.west || lon > box.east || lat < box.south || lat > box.north) continue;
      const p = project(lon, lat);
      const d = Math.hypot(p.x - at.x, p.y - at.y);
      if (d <= bestDistance) [best, bestDistance] = [this.ids[i]!, d];
    }
    return best;
  }
}

/**
 * The vehicles that get a label in the dense layer: the selected one, and all those in view
 * when at most `max` are (more would only hide one another). `crowded`: more than `max` are.
 */
export function labelledVehicles<V extends { id: string; lat: number | null; lon: number | null }>(
  vehicles: readonly V[], view: { west: number; south: number; east: number; north: number }, selectedId: string | null, max = DENSE_LABELS,
): { labelled: V[]; crowded: boolean } {
  const inView: V[] = [];
  let selected: V | undefined;
  for (const v of vehicles) {
    if (v.id === selectedId) selected = v;
    if (inView.length > max || v.lat === null || v.lon === null) continue;
    if (v.lon >= view.west && v.lon <= view.east && v.lat >= view.south && v.lat <= view.north) inView.push(v);
  }
  if (inView.length > max) return { labelled: selected ? [selected] : [], crowded: true };
  return { labelled: selected && !inView.includes(selected) ? [...inView, selected] : inView, crowded: false };
}

/** Column-major 4×4 `m` times a translation by (x, y, 0), in float64: MapLibre's matrix moved to the fleet's origin. */
export function translated(m: ArrayLike<number>, x: number, y: number): Float64Array {
  const out = Float64Array.from(m);
  for (let r = 0; r < 4; r++) out[12 + r] = m[r]! * x + m[4 + r]! * y + m[12 + r]!;
  return out;
}
