// The demo site (Lindenhof) that migration 0002 seeds on every database. On a real site's database
// it leaves by itself once the administrator has a site of their own, if nothing was ever recorded
// there; otherwise it stays until they remove it (org.deleteSite), so no record loses its site.
import type { Queryable } from '../../db/index.js';
import { markSiteRemoved } from './sites.js';

/** Tables that name the demo site without anyone having used it: its map, the change feed, a user's last choice. */
const NOT_USE = new Set(['org.site_maps', 'events.changes', 'iam.user_site_choice']);

/**
 * Removes the seeded demo site when a site of the administrator's own exists and no table with a
 * `site_id` (cases, residents, vehicles, audit entries, settings…) holds a row for it. Answers its
 * name when it was removed. Tables added later are checked too: they are found by their column.
 */
export async function retireDemoSite(tx: Queryable): Promise<string | null> {
  const [site] = await tx.query<{ id: string; name: string }>(
    `SELECT id, name FROM org.sites WHERE seeded AND deleted_at IS NULL
       AND EXISTS (SELECT 1 FROM org.sites o WHERE NOT o.seeded AND o.deleted_at IS NULL) FOR UPDATE`);
  if (!site) return null;
  const tables = (await tx.query<{ name: string }>(
    `SELECT format('%I.%I', n.nspname, c.relname) AS name
     FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE a.attname = 'site_id' AND NOT a.attisdropped AND c.relkind IN ('r', 'p') AND NOT c.relispartition
       AND n.nspname NOT IN ('pg_catalog', 'information_schema')`)).map((r) => r.name).filter((t) => !NOT_USE.has(t));
  const [used] = await tx.query(`${tables.map((t) => `(SELECT 1 FROM ${t} WHERE site_id = $1 LIMIT 1)`).join(' UNION ALL ')} LIMIT 1`, [site.id]);
  if (used) return null;
  await markSiteRemoved(tx, site.id);
  return site.name;
}
