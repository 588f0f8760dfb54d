// The site each user last chose in the top bar, remembered across sign-ins and consoles.
import { DomainError } from '../errors.js';
import type { AuthedContext } from '../trpc.js';

/** The remembered site, when it still exists and the user may still see it. */
export async function chosenSite(ctx: AuthedContext): Promise<string | null> {
  const [row] = await ctx.db.query<{ site_id: string }>(
    'SELECT c.site_id FROM iam.user_site_choice c JOIN org.sites s ON s.id = c.site_id AND s.deleted_at IS NULL WHERE c.user_id = $1', [ctx.user.id]);
  return row && (!ctx.sites || ctx.sites.has(row.site_id)) ? row.site_id : null;
}

/** Remembers a choice: not audited (a view preference, like a column width). */
export async function chooseSite(ctx: AuthedContext, siteId: string): Promise<void> {
  const [site] = await ctx.db.query('SELECT 1 FROM org.sites WHERE id = $1 AND deleted_at IS NULL', [siteId]);
  // A site the user is limited away from was refused before this (core/trpc.ts), in the same words.
  if (!site) throw new DomainError('not_found', { code: 'org.noSuchSite' }, 'siteId');
  await ctx.db.query(
    `INSERT INTO iam.user_site_choice (user_id, site_id) VALUES ($1, $2)
     ON CONFLICT (user_id) DO UPDATE SET site_id = EXCLUDED.site_id, chosen_at = now()`, [ctx.user.id, siteId]);
}
