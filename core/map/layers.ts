import type { LayerCollection, LayerFeature, LayerId, MapLayersInput } from '../contract/index.js';
import type { Queryable } from '../../db/index.js';
import { CELLS_COUNT_SQL, cellClustersSql, clustersSql, countSql, POINT_LAYERS, pointsSql, type PointLayer } from './points.js';
import { areaRing, CELL_LEVEL, cellRange, type AnnouncementArea } from './shapes.js';

/** Above this many rows of one layer in view, the layer comes back as grid clusters. */
export const CLUSTER_THRESHOLD = 2000;

export interface MapLayersOptions {
  /** Which announcements are active. */
  now: Date;
  threshold?: number;
}

type Row = { id: string; lat: number; lon: number } & Record<string, unknown>;
const scalar = (v: unknown) => (v === null || v === undefined ? null : typeof v === 'number' || typeof v === 'boolean' ? v : String(v));

function pointFeature(layer: LayerId, row: Row): LayerFeature {
  const properties: LayerFeature['properties'] = { layer, id: row.id, count: 1 };
  for (const [k, v] of Object.entries(row)) if (k !== 'lat' && k !== 'lon' && k !== 'id') properties[k] = scalar(v);
  return { type: 'Feature', geometry: { type: 'Point', coordinates: [Number(row.lon), Number(row.lat)] }, properties };
}

type Cell = { cx: number; cy: number; n: number; lat: number; lon: number };

function clusters(layer: LayerId, level: number, cells: Cell[]): LayerCollection {
  let total = 0;
  const features = cells.map((c): LayerFeature => {
    total += Number(c.n);
    return {
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [Number(c.lon), Number(c.lat)] },
      properties: { layer, id: `cluster:${level}:${c.cx}:${c.cy}`, cluster: true, point_count: Number(c.n), count: Number(c.n) },
    };
  });
  return { type: 'FeatureCollection', features, clustered: true, total };
}

async function pointLayer(db: Queryable, layer: Exclude<LayerId, 'announcements'>, spec: PointLayer, input: MapLayersInput, threshold: number): Promise<LayerCollection> {
  const { siteId, bbox } = input;
  const view = [siteId, bbox.minLat, bbox.minLon, bbox.maxLat, bbox.maxLon];
  const level = Math.min(20, Math.max(0, Math.floor(input.zoom)));
  const points = async () => {
    const rows = await db.query<Row>(pointsSql(spec, threshold), view);
    return { type: 'FeatureCollection' as const, features: rows.map((r) => pointFeature(layer, r)), clustered: false, total: rows.length };
  };
  // Too many to send: one feature per grid cell, so 100,000 rows never travel to the renderer.
  if (spec.cells && level <= CELL_LEVEL) {
    // Zoomed out: the stored cells answer, however many rows there are.
    const r = cellRange(bbox, CELL_LEVEL);
    const cellArgs = [layer, siteId, r.minX, r.maxX, r.minY, r.maxY];
    const [counted] = await db.query<{ n: number }>(CELLS_COUNT_SQL, cellArgs);
    if (Number(counted!.n) <= threshold) return points();
    return clusters(layer, level, await db.query<Cell>(cellClustersSql(CELL_LEVEL - level), cellArgs));
  }
  // Count first (stopping past the threshold): fetching 2,001 rows only to group them would waste the time.
  const [counted] = await db.query<{ n: number }>(countSql(spec, threshold + 1), view);
  if (Number(counted!.n) <= threshold) return points();
  return clusters(layer, level, await db.query<Cell>(clustersSql(spec), [...view, level]));
}

/** Published announcements active at `now` whose area's bounding box meets the viewport, as polygons. */
async function announcements(db: Queryable, input: MapLayersInput, now: Date): Promise<LayerCollection> {
  const { siteId, bbox } = input;
  const rows = await db.query<AnnouncementArea & { id: string; title: string; type: string; severity: string }>(
    `SELECT id::text AS id, title, type, severity, area_type, center_lat, center_lon, radius_m, polygon
       FROM city.announcements
      WHERE site_id = $1 AND status = 'published' AND deleted_at IS NULL
        AND starts_at <= $6 AND (ends_at IS NULL OR ends_at > $6)
        AND max_lat >= $2 AND min_lat <= $4 AND max_lon >= $3 AND min_lon <= $5
      ORDER BY starts_at`,
    [siteId, bbox.minLat, bbox.minLon, bbox.maxLat, bbox.maxLon, now.toISOString()],
  );
  const features = rows.map((r): LayerFeature => ({
    type: 'Feature',
    geometry: { type: 'Polygon', coordinates: [areaRing(r)] },
    properties: { layer: 'announcements', id: r.id, title: r.title, type: r.type, severity: r.severity, area_type: r.area_type },
  }));
  return { type: 'FeatureCollection', features, clustered: false, total: features.length };
}

/**
 * What the map shows in a viewport: per requested layer a GeoJSON FeatureCollection of
 * points (or grid clusters when more than the threshold are in view), announcements as
 * polygons. Permission checks are the caller's (the router's).
 */
export async function mapLayers(db: Queryable, input: MapLayersInput, opts: MapLayersOptions): Promise<Partial<Record<LayerId, LayerCollection>>> {
  const threshold = opts.threshold ?? CLUSTER_THRESHOLD;
  // Side by side: on PostgreSQL each layer gets its own pooled connection.
  const layers = [...new Set(input.layers)];
  const collections = await Promise.all(layers.map((layer) => layer === 'announcements'
    ? announcements(db, input, opts.now)
    : pointLayer(db, layer, POINT_LAYERS[layer], input, threshold)));
  return Object.fromEntries(layers.map((l, i) => [l, collections[i]!]));
}

/** Where one case is (an announcement: its area's middle), for the map to ease to; null when unknown or unplaced. */
export async function locateCase(db: Queryable, layer: LayerId, id: string, sites: string[] | null = null): Promise<{ lat: number; lon: number } | null> {
  const sql = layer === 'announcements'
    ? 'SELECT (min_lat + max_lat) / 2 AS lat, (min_lon + max_lon) / 2 AS lon FROM city.announcements WHERE id = $1 AND deleted_at IS NULL'
    : `SELECT lat, lon FROM ${POINT_LAYERS[layer].table} WHERE id = $1 AND lat IS NOT NULL`;
  // A case of a site the caller may not see is not there for them.
  const [row] = await db.query<{ lat: number; lon: number }>(`${sql} AND ($2::uuid[] IS NULL OR site_id = ANY($2))`, [id, sites]);
  return row ? { lat: Number(row.lat), lon: Number(row.lon) } : null;
}
