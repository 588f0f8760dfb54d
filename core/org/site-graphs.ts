import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT, type Db } from '../../db/index.js';
import { SiteGraph } from '../contract/index.js';
import { matrixOf } from '../missions/store.js';
import { writeGraph } from './site-graph.js';

export const SITES_DIR = join(PACKAGE_ROOT, 'resources', 'sites');

/**
 * Loads the path graph of every site map that has none yet from resources/sites
 * (`<mapId>.graph.json`, the demo site's), through the map editor's own checked write. A map
 * that already has a graph keeps it. New sites are drawn in the console (org.saveGraph).
 */
export async function importSiteGraphs(db: Db, dir = SITES_DIR): Promise<string[]> {
  const imported: string[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.graph.json'))) {
    const graph = SiteGraph.parse(JSON.parse(readFileSync(join(dir, file), 'utf8')));
    const done = await db.transaction(async (tx) => {
      // Consoles starting together on one central database: one imports, the others then see its rows.
      // (A lock taken by the SELECT below would not do: its count would still be read from before the wait.)
      await tx.query('SELECT pg_advisory_xact_lock(7305004)');
      const [map] = await tx.query<{ id: string; origin_lat: number; origin_lon: number; rotation_deg: number; frame_matrix: number[] | null; nodes: string }>(
        `SELECT m.id, m.origin_lat, m.origin_lon, m.rotation_deg, m.frame_matrix, (SELECT count(*) FROM org.map_nodes n WHERE n.site_map_id = m.id) AS nodes
         FROM org.site_maps m WHERE m.map_id = $1 AND m.deleted_at IS NULL FOR UPDATE`,
        [graph.mapId],
      );
      if (!map || Number(map.nodes) > 0) return false;
      const georef = { originLat: map.origin_lat, originLon: map.origin_lon, rotationDeg: map.rotation_deg, matrix: matrixOf(map.frame_matrix) };
      await writeGraph(tx, map.id, georef, null, { nodes: graph.nodes, edges: graph.edges });
      return true;
    });
    if (done) imported.push(graph.mapId);
  }
  return imported;
}
