// Site map frame (metres, VDA 5050 x/y/theta) ⇄ WGS84 lat/lon. Pure, shared with the renderer.

/** Where a site map's frame sits on the globe: origin, and its x axis turned counter-clockwise from east. */
export interface Georef {
  originLat: number;
  originLon: number;
  rotationDeg: number;
  /**
   * A plan placed by three or more control points: frame metres → local east/north metres as
   * [a, b, c, d] (east = a·x + b·y, north = c·x + d·y), which may stretch or shear a little.
   * Absent or null: a pure rotation by `rotationDeg`.
   */
  matrix?: readonly [number, number, number, number] | null | undefined;
}

const A = 6378137; // WGS84 semi-major axis, m
const E2 = 6.69437999014e-3; // WGS84 first eccentricity squared
const rad = (d: number) => (d * Math.PI) / 180;
const deg = (r: number) => (r * 180) / Math.PI;

/**
 * Metres per radian of latitude (meridian radius M) and of longitude
 * (N·cos φ) at the origin: a local tangent plane, exact to a few millimetres
 * within 5 km, and exactly invertible.
 */
function scale(g: Georef): { perRadLat: number; perRadLon: number } {
  const s = Math.sin(rad(g.originLat));
  const w = 1 - E2 * s * s;
  return { perRadLat: (A * (1 - E2)) / Math.pow(w, 1.5), perRadLon: (A / Math.sqrt(w)) * Math.cos(rad(g.originLat)) };
}

/** The frame → east/north matrix: the stored affine one, or the rotation. */
function matrixOf(g: Georef): readonly [number, number, number, number] {
  if (g.matrix) return g.matrix;
  const t = rad(g.rotationDeg);
  return [Math.cos(t), -Math.sin(t), Math.sin(t), Math.cos(t)];
}

export function frameToLatLon(g: Georef, x: number, y: number): { lat: number; lon: number } {
  const [a, b, c, d] = matrixOf(g);
  const east = a * x + b * y;
  const north = c * x + d * y;
  const k = scale(g);
  return { lat: g.originLat + deg(north / k.perRadLat), lon: g.originLon + deg(east / k.perRadLon) };
}

export function latLonToFrame(g: Georef, lat: number, lon: number): { x: number; y: number } {
  const k = scale(g);
  const north = rad(lat - g.originLat) * k.perRadLat;
  const east = rad(lon - g.originLon) * k.perRadLon;
  const [a, b, c, d] = matrixOf(g);
  const det = a * d - b * c;
  return { x: (d * east - b * north) / det, y: (-c * east + a * north) / det };
}

/** A heading in the frame (theta, radians, counter-clockwise from +x) as a compass bearing in degrees (clockwise from north). */
export function thetaToBearing(g: Georef, theta: number): number {
  const [a, b, c, d] = matrixOf(g);
  const fromEastCcw = Math.atan2(c * Math.cos(theta) + d * Math.sin(theta), a * Math.cos(theta) + b * Math.sin(theta));
  return (((90 - deg(fromEastCcw)) % 360) + 360) % 360;
}
