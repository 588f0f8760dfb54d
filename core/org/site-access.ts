// A user may be limited to some sites (iam.user_sites; no row means every site). Core filters what
// it lists and refuses another site's data by it; the central database enforces it too (control room).
import type { Queryable } from '../../db/index.js';
import { DomainError } from '../errors.js';

type Scoped = { sites?: ReadonlySet<string> | null };

/** The sites a user may see, or null for every site (core/trpc.ts reads them once per call into `ctx.sites`). */
export async function allowedSites(db: Queryable, userId: string): Promise<Set<string> | null> {
  const rows = await db.query<{ site_id: string }>('SELECT site_id FROM iam.user_sites WHERE user_id = $1', [userId]);
  return rows.length ? new Set(rows.map((r) => r.site_id)) : null;
}

/** The site of a map, refused for a caller limited away from it in the same words as a site that does not exist. */
export async function mapSite(ctx: Scoped & { db: Queryable }, siteMapId: string): Promise<string> {
  const [m] = await ctx.db.query<{ site_id: string }>('SELECT site_id FROM org.site_maps WHERE id = $1 AND deleted_at IS NULL', [siteMapId]);
  if (!m) throw new DomainError('not_found', { code: 'org.noSuchMap' }, 'siteMapId');
  mustSeeSite(ctx.sites, m.site_id);
  return m.site_id;
}

/** The VDA 5050 map ids of these sites' maps. */
export async function siteMapIds(db: Queryable, siteIds: readonly string[]): Promise<Set<string>> {
  const rows = await db.query<{ map_id: string }>('SELECT map_id FROM org.site_maps WHERE site_id = ANY($1::uuid[]) AND deleted_at IS NULL', [siteIds]);
  return new Set(rows.map((r) => r.map_id));
}

/**
 * Every procedure whose input names a `siteId` is refused for a user limited away from that site
 * (core/trpc.ts runs this before the procedure): the cheap, general half of the limit; the
 * central database's row-level security is the other (core/org/site-rls.ts).
 */
export function refuseLimitedSite(sites: ReadonlySet<string> | null, rawInput: unknown): void {
  const siteId = (rawInput as { siteId?: unknown } | null | undefined)?.siteId;
  if (typeof siteId === 'string') mustSeeSite(sites, siteId);
}

/** Refuses a site the caller is limited away from, in the same words as a site that does not exist. */
export function mustSeeSite(sites: ReadonlySet<string> | null | undefined, siteId: string): void {
  if (sites && !sites.has(siteId)) throw new DomainError('not_found', { code: 'org.noSuchSite' }, 'siteId');
}

/** Refuses a user limited to some sites what spans the whole database: backups, the audit log's archive and export, a new secret key. */
export function mustSeeEverySite(ctx: Scoped, what: string): void {
  if (ctx.sites) throw new DomainError('forbidden', { code: 'org.allSitesOnly', params: { what } });
}

/**
 * The sites a list may show: the one asked for (already checked), else every site the caller
 * may see; null: every site. Lists filter with `($n::uuid[] IS NULL OR site_id = ANY($n))`.
 */
export function siteScope(ctx: Scoped, siteId?: string | null): string[] | null {
  if (siteId) return [siteId];
  return ctx.sites ? [...ctx.sites] : null;
}

/**
 * Which vehicles a caller may see, by the map each reports (a vehicle carries no site): those on
 * the maps of the caller's sites; every vehicle for a caller not limited.
 */
export async function vehicleFilter(db: Queryable, ctx: Scoped): Promise<(v: { mapId: string | null }) => boolean> {
  if (!ctx.sites) return () => true;
  const maps = await siteMapIds(db, [...ctx.sites]);
  return (v) => v.mapId !== null && maps.has(v.mapId);
}

/** A list filter's sites as one query parameter: `sites` when the router scoped it, else the one `siteId`, else null (every site). */
export const sitesParam = (f: { siteId?: string | null | undefined; sites?: string[] | null | undefined }): string[] | null =>
  f.sites !== undefined ? f.sites : f.siteId ? [f.siteId] : null;

/** Refuses a record of a site the caller may not see, in the words of one that does not exist. */
export function mustSee<T extends { siteId?: string | null } | { site_id?: string | null }>(ctx: Scoped, row: T, what: string): T {
  const siteId = 'siteId' in row ? row.siteId : 'site_id' in row ? row.site_id : null;
  if (ctx.sites && siteId && !ctx.sites.has(siteId)) throw new DomainError('not_found', { code: 'org.noSuchThing', params: { what } });
  return row;
}
