// Vehicle icons drawn in code as signed distance fields: no sprite file, no
// request, and MapLibre colours them per feature (icon-color) and outlines them
// (icon-halo-*), which a plain bitmap icon cannot do.

export interface SdfImage {
  width: number;
  height: number;
  data: Uint8Array;
}

/** Image pixels per CSS pixel; the images are drawn at twice the size for sharp edges. */
export const ICON_PIXEL_RATIO = 2;

type Point = [number, number];

/**
 * Encodes a signed distance (pixels, negative inside) the way MapLibre's SDF
 * shader reads it, as its glyphs are made: the edge at 0.75 of the alpha range,
 * 8 pixels of distance over the rest. A halo reaches at most 6 pixels out.
 */
function sdf(size: number, distance: (x: number, y: number) => number): SdfImage {
  const data = new Uint8Array(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const a = Math.max(0, Math.min(255, Math.round(255 * (0.75 - distance(x + 0.5, y + 0.5) / 8))));
      data.set([a, a, a, a], (y * size + x) * 4);
    }
  }
  return { width: size, height: size, data };
}

function segmentDistance(p: Point, a: Point, b: Point): number {
  const [dx, dy] = [b[0] - a[0], b[1] - a[1]];
  const t = Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(p[0] - a[0] - t * dx, p[1] - a[1] - t * dy);
}

function inside(p: Point, polygon: Point[]): boolean {
  let hit = false;
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
    const [a, b] = [polygon[i]!, polygon[j]!];
    if (a[1] > p[1] !== b[1] > p[1] && p[0] < ((b[0] - a[0]) * (p[1] - a[1])) / (b[1] - a[1]) + a[0]) hit = !hit;
  }
  return hit;
}

function polygonSdf(size: number, unit: Point[]): SdfImage {
  const polygon = unit.map(([x, y]) => [x * size, y * size] as Point);
  return sdf(size, (x, y) => {
    let d = Infinity;
    for (let i = 0; i < polygon.length; i++) d = Math.min(d, segmentDistance([x, y], polygon[i]!, polygon[(i + 1) % polygon.length]!));
    return inside([x, y], polygon) ? -d : d;
  });
}

/**
 * A navigation arrow pointing up: with `icon-rotate` set to the compass bearing
 * and `icon-rotation-alignment: map`, it points where the vehicle heads.
 * The notch at the back makes the direction readable at small sizes.
 */
export const arrowIcon = (size = 48): SdfImage => polygonSdf(size, ARROW_SHAPE);
/** The arrow's corners in its square, 0..1 from the left and the top (the dense layer draws the same shape). */
export const ARROW_SHAPE: Point[] = [[0.5, 0.14], [0.82, 0.84], [0.5, 0.68], [0.18, 0.84]];

/** A round mark for a vehicle whose heading is not known; its radius is DOT_RADIUS of the square. */
export const dotIcon = (size = 48): SdfImage => sdf(size, (x, y) => Math.hypot(x - size / 2, y - size / 2) - size * DOT_RADIUS);
export const DOT_RADIUS = 0.22;

const regular = (n: number, r: number, turn = 0): Point[] =>
  Array.from({ length: n }, (_, i) => {
    const a = turn + (i * 2 * Math.PI) / n - Math.PI / 2;
    return [0.5 + r * Math.cos(a), 0.5 + r * Math.sin(a)] as Point;
  });

/**
 * One shape per kind of thing on the map, so kind reads from the shape and the colour is left for
 * urgency (priority, severity, status): alerts a warning triangle, incidents a diamond, resources
 * a square, service requests a circle, public reports a hexagon, assets a cross.
 */
export const CASE_SHAPES = {
  alerts: (size: number) => polygonSdf(size, [[0.5, 0.16], [0.86, 0.8], [0.14, 0.8]]),
  incidents: (size: number) => polygonSdf(size, regular(4, 0.34)),
  resources: (size: number) => polygonSdf(size, regular(4, 0.34, Math.PI / 4)),
  requests: (size: number) => sdf(size, (x, y) => Math.hypot(x - size / 2, y - size / 2) - size * 0.27),
  reports: (size: number) => polygonSdf(size, regular(6, 0.32)),
  assets: (size: number) =>
    polygonSdf(size, [[0.4, 0.2], [0.6, 0.2], [0.6, 0.4], [0.8, 0.4], [0.8, 0.6], [0.6, 0.6], [0.6, 0.8], [0.4, 0.8], [0.4, 0.6], [0.2, 0.6], [0.2, 0.4], [0.4, 0.4]]),
} as const satisfies Record<string, (size: number) => SdfImage>;

export type CaseShape = keyof typeof CASE_SHAPES;
export const caseIconId = (kind: CaseShape): string => `wf-case-${kind}`;
export const caseIcon = (kind: CaseShape, size = 48): SdfImage => CASE_SHAPES[kind](size);
