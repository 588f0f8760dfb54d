import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT, type Db } from '../../db/index.js';
import { frameToLatLon, SiteGraph } from '../contract/index.js';

export const SITES_DIR = join(PACKAGE_ROOT, 'resources', 'sites');

/**
 * Loads the path graph of every site map that has none yet from resources/sites
 * (`<mapId>.graph.json`), placing each node with the map's georeference. A map that
 * already has a graph keeps it.
 */
export async function importSiteGraphs(db: Db, dir = SITES_DIR): Promise<string[]> {
  const imported: string[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.graph.json'))) {
    const graph = SiteGraph.parse(JSON.parse(readFileSync(join(dir, file), 'utf8')));
    const done = await db.transaction(async (tx) => {
      // Consoles starting together on one central database: one imports, the others then see its rows.
      // (A lock taken by the SELECT below would not do: its count would still be read from before the wait.)
      await tx.query('SELECT pg_advisory_xact_lock(7305004)');
      const [map] = await tx.query<{ id: string; origin_lat: number; origin_lon: number; rotation_deg: number; nodes: string }>(
        `SELECT m.id, m.origin_lat, m.origin_lon, m.rotation_deg, (SELECT count(*) FROM org.map_nodes n WHERE n.site_map_id = m.id) AS nodes
         FROM org.site_maps m WHERE m.map_id = $1 AND m.deleted_at IS NULL FOR UPDATE`,
        [graph.mapId],
      );
      if (!map || Number(map.nodes) > 0) return false;
      const georef = { originLat: map.origin_lat, originLon: map.origin_lon, rotationDeg: map.rotation_deg };
      const nodes = graph.nodes.map((n) => ({ ...n, name: n.name ?? null, ...frameToLatLon(georef, n.x, n.y) }));
      await tx.query(
        `INSERT INTO org.map_nodes (site_map_id, node_id, x, y, lat, lon, name, kind)
         SELECT $1, n.id, n.x, n.y, n.lat, n.lon, n.name, n.kind FROM jsonb_to_recordset($2::jsonb) AS n(id text, x float8, y float8, lat float8, lon float8, name text, kind text)`,
        [map.id, JSON.stringify(nodes)],
      );
      await tx.query(
        `INSERT INTO org.map_edges (site_map_id, from_node, to_node) SELECT $1, e->>0, e->>1 FROM jsonb_array_elements($2::jsonb) AS e`,
        [map.id, JSON.stringify(graph.edges)],
      );
      return true;
    });
    if (done) imported.push(graph.mapId);
  }
  return imported;
}
