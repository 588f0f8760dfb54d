// Generates the offline basemap: resources/map/world.geojson (Natural Earth via world-atlas)
// and resources/map/campus.geojson (fictional "Lindenhof Care Campus").
// Deterministic: same input -> byte-identical output. Run: npx tsx resources/build/basemap.ts
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { feature, mesh } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import type { Feature, FeatureCollection, Geometry, Position } from 'geojson';
import { frameToLatLon } from '../../core/contract/georef.js';

const OUT = join(dirname(fileURLToPath(import.meta.url)), '..', 'map');

// --- Georeference: the demo site map as seeded in db/migrations/0002_sites.sql (and kept
// beside its path graph), converted with the same code that places vehicles on it.
const LINDENHOF = JSON.parse(readFileSync(join(dirname(fileURLToPath(import.meta.url)), '..', 'sites', 'lindenhof-campus.graph.json'), 'utf8')).georef;

const round = (v: number, dp: number): number => Number(v.toFixed(dp));

/** Map-frame metres -> [lon, lat], rounded to 7 decimals (~1 cm). */
function toLonLat([x, y]: Position): Position {
  const { lat, lon } = frameToLatLon(LINDENHOF, x!, y!);
  return [round(lon, 7), round(lat, 7)];
}

type Props = Record<string, string>;
const rect = (x0: number, y0: number, x1: number, y1: number): Position[] =>
  [[x0, y0], [x1, y0], [x1, y1], [x0, y1]];
const ellipse = (cx: number, cy: number, rx: number, ry: number, n = 24): Position[] =>
  Array.from({ length: n }, (_, i) => [cx + rx * Math.cos((2 * Math.PI * i) / n), cy + ry * Math.sin((2 * Math.PI * i) / n)]);
const polygon = (ring: Position[], props: Props): Feature =>
  ({ type: 'Feature', properties: props, geometry: { type: 'Polygon', coordinates: [[...ring, ring[0]!].map(toLonLat)] } });
const line = (pts: Position[], props: Props): Feature =>
  ({ type: 'Feature', properties: props, geometry: { type: 'LineString', coordinates: pts.map(toLonLat) } });
const point = (p: Position, props: Props): Feature =>
  ({ type: 'Feature', properties: props, geometry: { type: 'Point', coordinates: toLonLat(p) } });
const centroid = (ring: Position[]): Position =>
  [ring.reduce((s, p) => s + p[0]!, 0) / ring.length, ring.reduce((s, p) => s + p[1]!, 0) / ring.length];

// --- Campus (all coordinates in map-frame metres, x 0..400, y 0..300)
const buildings: Array<[string, Position[]]> = [
  ['Main House', [[40, 170], [150, 170], [150, 235], [105, 235], [105, 265], [40, 265]]],
  ['Linden Ward', rect(200, 195, 325, 250)],
  ['Rehab Centre', rect(230, 60, 330, 125)],
  ['Charging Depot', rect(340, 15, 388, 52)],
];
const pond = ellipse(105, 85, 38, 22);

const campus: Feature[] = [
  polygon(rect(0, 0, 400, 300), { kind: 'site', name: 'Lindenhof Care Campus' }),
  polygon(rect(15, 20, 185, 150), { kind: 'park', name: 'Linden Garden' }),
  polygon(rect(205, 140, 385, 185), { kind: 'park', name: 'Courtyard Lawn' }),
  polygon(pond, { kind: 'water', name: 'Linden Pond' }),
  ...buildings.map(([name, ring]) => polygon(ring, { kind: 'building', name, area: 'campus' })),
  // Access roads (vehicle traffic)
  line([[195, -25], [195, 130], [215, 132], [345, 132], [365, 110], [365, 52]],
    { kind: 'road', class: 'access', name: 'Lindenhof Drive' }),
  line([[365, 52], [365, 35], [420, 35]], { kind: 'road', class: 'access', name: 'Service Lane' }),
  line([[195, 130], [190, 160], [175, 190], [150, 200]], { kind: 'road', class: 'access', name: 'Drop-off Loop' }),
  // Footpaths / robot paths
  line([[150, 215], [200, 215]], { kind: 'path', name: 'Ward Link' }),
  line([[262, 195], [262, 125]], { kind: 'path', name: 'Rehab Walk' }),
  line([[95, 170], [95, 120], [60, 105], [60, 70], [85, 50], [130, 50], [150, 70], [150, 105], [130, 120], [95, 120]],
    { kind: 'path', name: 'Pond Loop' }),
  line([[150, 70], [195, 70], [230, 80]], { kind: 'path', name: 'Garden Path' }),
  line([[330, 95], [352, 95], [352, 52]], { kind: 'path', name: 'Robot Lane' }),
  line([[325, 222], [370, 222], [370, 132]], { kind: 'path', name: 'East Path' }),
  // Labels: building names at centroids, place names at points of interest
  ...buildings.map(([name, ring]) => point(centroid(ring), { kind: 'label', class: 'building', name })),
  point([200, 286], { kind: 'label', class: 'site', name: 'Lindenhof Care Campus' }),
  point([195, 8], { kind: 'label', class: 'place', name: 'Main Entrance' }),
  point([222, 92], { kind: 'label', class: 'place', name: 'Dock A' }),
  point([150, 190], { kind: 'label', class: 'place', name: 'Dock B' }),
  point([352, 28], { kind: 'label', class: 'place', name: 'Charger 1' }),
  point([376, 28], { kind: 'label', class: 'place', name: 'Charger 2' }),
  point([105, 85], { kind: 'label', class: 'place', name: 'Linden Pond' }),
  point([45, 135], { kind: 'label', class: 'place', name: 'Linden Garden' }),
  point([295, 162], { kind: 'label', class: 'place', name: 'Courtyard' }),
  point([350, 265], { kind: 'label', class: 'place', name: 'Helipad' }),
];

// --- Surrounding town: named streets and a few unnamed neighbour blocks
const streets: Array<[string, Position[]]> = [
  ['Lindenlaan', [[-400, -25], [800, -25]]],
  ['Parkweg', [[-20, -400], [-20, 700]]],
  ['Beukenstraat', [[-400, 320], [800, 320]]],
  ['Eikenlaan', [[420, -400], [420, 700]]],
  ['Kerkstraat', [[-400, -180], [800, -180]]],
  ['Molenweg', [[-250, -400], [-250, 700]]],
  ['Stationsweg', [[650, -400], [650, 700]]],
  ['Kastanjehof', [[-250, 500], [180, 500], [420, 450]]],
];
const town: Feature[] = [
  ...streets.map(([name, pts]) => line(pts, { kind: 'road', class: 'street', name })),
  ...[[-230, -160, -40, -45], [-230, 0, -40, 300], [440, -160, 630, -45], [440, 0, 630, 300], [-230, 340, 400, 470], [0, -160, 400, -45]]
    .map(([x0, y0, x1, y1]) => polygon(rect(x0!, y0!, x1!, y1!), { kind: 'building', area: 'town' })),
];

// --- World backdrop from Natural Earth 1:50m (world-atlas)
type WorldTopo = Topology<{ countries: GeometryCollection; land: GeometryCollection }>;
const require = createRequire(import.meta.url);
const topo = JSON.parse(readFileSync(require.resolve('world-atlas/countries-50m.json'), 'utf8')) as WorldTopo;

/**
 * The backdrop is drawn at the operator's zooms under the site, not as a coastline to navigate by:
 * lines are simplified to within TOLERANCE degrees (about 2 km; Natural Earth 1:50m is itself
 * generalised more than that) and rounded to 3 decimals. It halves the file and the first draw's work.
 */
const TOLERANCE = 0.02;

/** Douglas-Peucker: the fewest vertices that keep the line within `tolerance` of the original. */
function douglasPeucker(pts: Position[], tolerance: number): Position[] {
  if (pts.length < 3) return pts;
  const keep = new Uint8Array(pts.length);
  keep[0] = keep[pts.length - 1] = 1;
  const spans: Array<[number, number]> = [[0, pts.length - 1]];
  while (spans.length) {
    const [a, b] = spans.pop()!;
    const [ax, ay] = pts[a]! as [number, number];
    const [bx, by] = pts[b]! as [number, number];
    const dx = bx - ax;
    const dy = by - ay;
    const length2 = dx * dx + dy * dy;
    let far = -1;
    let farthest = tolerance;
    for (let i = a + 1; i < b; i++) {
      const [px, py] = pts[i]! as [number, number];
      const u = length2 === 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / length2));
      const d = Math.hypot(px - ax - u * dx, py - ay - u * dy);
      if (d > farthest) [far, farthest] = [i, d];
    }
    if (far >= 0) {
      keep[far] = 1;
      spans.push([a, far], [far, b]);
    }
  }
  return pts.filter((_, i) => keep[i]);
}

/** Simplify, round to 3 decimals and drop consecutive duplicate vertices. */
function simplify(pts: Position[]): Position[] {
  const out: Position[] = [];
  for (const [x, y] of douglasPeucker(pts, TOLERANCE)) {
    const p = [round(x!, 3), round(y!, 3)];
    const last = out[out.length - 1];
    if (!last || last[0] !== p[0] || last[1] !== p[1]) out.push(p);
  }
  return out;
}
const land = feature(topo, topo.objects.land);
const polys: Position[][][] = [];
for (const f of land.features) {
  const g = f.geometry;
  const parts = g.type === 'Polygon' ? [g.coordinates] : g.type === 'MultiPolygon' ? g.coordinates : [];
  for (const poly of parts) {
    const [outer, ...holes] = poly.map(simplify);
    // An island smaller than the tolerance goes, holes and all; a hole that small goes alone.
    if (outer!.length >= 4) polys.push([outer!, ...holes.filter((r) => r.length >= 4)]);
  }
}
const borders = mesh(topo, topo.objects.countries, (a, b) => a !== b).coordinates
  .map(simplify).filter((l) => l.length >= 2);
const world: Feature[] = [
  { type: 'Feature', properties: { kind: 'land' }, geometry: { type: 'MultiPolygon', coordinates: polys } },
  { type: 'Feature', properties: { kind: 'border' }, geometry: { type: 'MultiLineString', coordinates: borders } },
];

function write(file: string, features: Feature<Geometry>[]): void {
  const fc: FeatureCollection = { type: 'FeatureCollection', features };
  mkdirSync(OUT, { recursive: true });
  const path = join(OUT, file);
  writeFileSync(path, JSON.stringify(fc) + '\n');
  console.log(`wrote ${path} (${features.length} features)`);
}
write('world.geojson', world);
write('campus.geojson', [...town, ...campus]);
