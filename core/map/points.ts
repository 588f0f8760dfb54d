import type { LayerId } from '../contract/index.js';

/** A point layer: where its rows live, which are shown by default, and what the style needs. */
export interface PointLayer {
  table: string;
  /** SQL expressions (aliased) for the feature's properties, besides id. */
  props: string;
  /** The default filter, ANDed after the site and bbox. */
  where: string;
  /** Kept in org.case_cells too (the many kinds), so low zooms group cells instead of rows. */
  cells?: boolean;
}

// Deleted rows never show; closed cases only when someone asks for history (not here).
export const POINT_LAYERS: Record<Exclude<LayerId, 'announcements'>, PointLayer> = {
  incidents: {
    table: 'ops.incidents',
    props: 'priority, status, incident_number AS number, title',
    where: "status NOT IN ('closed', 'cancelled')",
    cells: true,
  },
  alerts: {
    table: 'ops.alerts',
    props: 'severity, status, title',
    where: "status IN ('new', 'acknowledged')",
  },
  requests: {
    table: 'city.service_requests',
    props: 'status, category',
    where: "deleted_at IS NULL AND status <> 'closed'",
    cells: true,
  },
  reports: {
    table: 'city.public_reports',
    props: 'status, report_type',
    where: "deleted_at IS NULL AND status NOT IN ('closed', 'rejected')",
    cells: true,
  },
  assets: {
    table: 'city.assets',
    props: 'type, name',
    where: 'deleted_at IS NULL',
  },
  // Fleet vehicles are resources too (vehicle_id set); their position is kept in step by ops.
  resources: {
    table: 'ops.resources',
    props: 'status, type, name, vehicle_id::text AS vehicle_id',
    where: 'deleted_at IS NULL',
  },
};

/** `site_id = $1` and the bbox ($2..$5) as one WHERE clause; lat/lon NOT NULL follows from the ranges. */
export function viewWhere(layer: PointLayer): string {
  return `site_id = $1 AND lat BETWEEN $2 AND $4 AND lon BETWEEN $3 AND $5 AND ${layer.where}`;
}

/** How many rows are in view, counting no further than `limit`: cheap (index only) however many there are. */
export function countSql(layer: PointLayer, limit: number): string {
  return `SELECT count(*)::int AS n FROM (SELECT 1 FROM ${layer.table} WHERE ${viewWhere(layer)} LIMIT ${Math.floor(limit)}) v`;
}

/** The rows in view, at most `limit`. */
export function pointsSql(layer: PointLayer, limit: number): string {
  return `SELECT id::text AS id, lat, lon, ${layer.props} FROM ${layer.table} WHERE ${viewWhere(layer)} LIMIT ${Math.floor(limit)}`;
}

/**
 * Grid clusters from the rows: grouped by the 64-pixel Web Mercator cell at zoom level $6
 * (the same grid as org.case_cells), each at the average position of its rows, with their count.
 */
export function clustersSql(layer: PointLayer): string {
  return `SELECT org.cell_x(lon, $6) AS cx, org.cell_y(lat, $6) AS cy, count(*)::int AS n, avg(lat) AS lat, avg(lon) AS lon
    FROM ${layer.table} WHERE ${viewWhere(layer)} GROUP BY 1, 2`;
}

// The stored cells a viewport touches: $1 layer, $2 site, $3..$4 columns, $5..$6 rows.
const CELLS_WHERE = 'layer = $1 AND site_id = $2 AND gx BETWEEN $3 AND $4 AND gy BETWEEN $5 AND $6 AND n > 0';

/** Rows in the cells the viewport touches (a few more than in view, at its edges). */
export const CELLS_COUNT_SQL = `SELECT coalesce(sum(n), 0)::int AS n FROM org.case_cells WHERE ${CELLS_WHERE}`;

/** Clusters from the stored cells, `shift` levels coarser than they are stored. */
export function cellClustersSql(shift: number): string {
  const s = Math.floor(shift);
  return `SELECT gx >> ${s} AS cx, gy >> ${s} AS cy, sum(n)::int AS n, sum(sum_lat) / sum(n) AS lat, sum(sum_lon) / sum(n) AS lon
    FROM org.case_cells WHERE ${CELLS_WHERE} GROUP BY 1, 2`;
}
