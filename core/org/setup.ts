// First-run setup on a database without demo data: site → map → places → staff → residents.
// Progress is read from what the database holds, so the administrator can leave and come back
// (from this console or another) and the guide picks up where the data is.
import type { SetupProgress } from '../contract/index.js';
import type { AuthedContext } from '../trpc.js';
import { chosenSite } from './site-choice.js';

export async function setupProgress(ctx: AuthedContext, siteId: string | null): Promise<SetupProgress> {
  // The administrator's own sites: the one the migrations seed for the demo does not count.
  const own = (await ctx.db.query<{ id: string }>('SELECT id FROM org.sites WHERE deleted_at IS NULL AND NOT seeded ORDER BY created_at DESC'))
    .map((r) => r.id).filter((id) => !ctx.sites || ctx.sites.has(id));
  const chosen = siteId ?? (await chosenSite(ctx));
  const site = chosen && own.includes(chosen) ? chosen : own[0] ?? null;
  const count = async (sql: string) => (site ? Number((await ctx.db.query<{ n: string }>(sql, [site]))[0]!.n) : 0);
  const maps = await count('SELECT count(*) AS n FROM org.site_maps WHERE site_id = $1 AND deleted_at IS NULL AND metres_per_pixel IS NOT NULL');
  const places = await count(`SELECT count(*) AS n FROM org.map_nodes n JOIN org.site_maps m ON m.id = n.site_map_id WHERE m.site_id = $1 AND m.deleted_at IS NULL AND n.kind <> 'junction'`);
  const staff = await count('SELECT (SELECT count(*) FROM ops.resources WHERE site_id = $1 AND deleted_at IS NULL) + (SELECT count(*) FROM iam.users WHERE deleted_at IS NULL) - 1 AS n');
  const residents = await count('SELECT count(*) AS n FROM fleet.residents WHERE site_id = $1 AND deleted_at IS NULL');
  return {
    demo: ctx.config.demo === true,
    siteId: site,
    done: { site: site !== null, map: maps > 0, places: places >= 2, staff: staff > 0, residents: residents > 0 },
  };
}
