// Consoles that start together on one fresh central database all come up: migrations and
// the site graphs' first import each happen once.
import { inject, describe, expect, it } from 'vitest';
import { importSiteGraphs } from '../../core/org/site-graphs.js';
import { migrate, openPostgres } from '../../db/index.js';
import { scratchPostgresUrl } from './engines.js';

describe.skipIf(!inject('pgAdminUrl'))('three consoles starting together on PostgreSQL', () => {
  it('migrate and import the site graphs once, none failing', async () => {
    const url = await scratchPostgresUrl();
    const dbs = await Promise.all([1, 2, 3].map(() => openPostgres(url)));
    try {
      const levels = await Promise.all(dbs.map((db) => migrate(db)));
      expect(new Set(levels).size).toBe(1);
      const imported = await Promise.all(dbs.map((db) => importSiteGraphs(db)));
      expect(imported.flat()).toEqual(['lindenhof-campus']);
      const [n] = await dbs[0]!.query<{ nodes: string; dup: string }>(
        'SELECT count(*) AS nodes, count(*) - count(DISTINCT (site_map_id, node_id)) AS dup FROM org.map_nodes');
      expect(Number(n!.nodes)).toBeGreaterThan(10);
      expect(Number(n!.dup)).toBe(0);
    } finally {
      await Promise.all(dbs.map((db) => db.close()));
    }
  });
});
