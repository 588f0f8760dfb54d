// Sites created and edited from the console: name, slug, time zone and centre; each change audited
// at the site's position.
import type { Queryable } from '../../db/index.js';
import { audited } from '../audit/write.js';
import type { SiteInput } from '../contract/index.js';
import { DomainError } from '../errors.js';
import type { AuthedContext } from '../trpc.js';
import { retireDemoSite } from './demo-site.js';
import { siteMapIds } from './site-access.js';
import { markSiteRemoved } from './sites.js';

export function mustBeTimeZone(tz: string): void {
  if (!Intl.supportedValuesOf('timeZone').includes(tz) && tz !== 'UTC') throw new DomainError('invalid', { code: 'org.unknownTimeZone', params: { tz } }, 'timeZone');
}

/** A unique-slug violation as a sentence on the slug field. */
export function slugTaken(slug: string) {
  return (err: unknown): never => {
    if ((err as { code?: string }).code === '23505') throw new DomainError('conflict', { code: 'org.slugTaken', params: { slug } }, 'slug');
    throw err;
  };
}

/** Inserts a site row (the caller audits). */
export async function insertSite(tx: Queryable, s: SiteInput): Promise<string> {
  mustBeTimeZone(s.timeZone);
  const [row] = await tx.query<{ id: string }>(
    'INSERT INTO org.sites (slug, name, time_zone, lat, lon) VALUES ($1, $2, $3, $4, $5) RETURNING id', [s.slug, s.name, s.timeZone, s.lat, s.lon]);
  return row!.id;
}

export async function createSite(ctx: AuthedContext, input: SiteInput): Promise<{ siteId: string }> {
  mustBeTimeZone(input.timeZone);
  const siteId = await audited(ctx, { resourceType: 'site', lat: input.lat, lon: input.lon }, async (tx) => {
    const id = await insertSite(tx, input);
    // A user limited to some sites keeps the site they made.
    const [limited] = await tx.query('SELECT 1 FROM iam.user_sites WHERE user_id = $1 LIMIT 1', [ctx.user.id]);
    if (limited) await tx.query('INSERT INTO iam.user_sites (user_id, site_id) VALUES ($1, $2)', [ctx.user.id, id]);
    // A real site's first site of its own: the demo site leaves if nobody used it (core/org/demo-site.ts).
    // Only a user who sees every site can tell that: row-level security hides the rest from the others.
    const demoSiteRemoved = ctx.config.demo === true || ctx.sites ? null : await retireDemoSite(tx);
    return { result: id, resourceId: id, siteId: id, newValues: demoSiteRemoved ? { ...input, demoSiteRemoved } : input };
  }).catch(slugTaken(input.slug));
  await ctx.fleet.places.load(ctx.db);
  return { siteId };
}

type SiteChange = Partial<SiteInput> & { siteId: string };

/** Changes any of a site's fields; unchanged ones stay. */
export async function updateSite(ctx: AuthedContext, input: SiteChange) {
  if (input.timeZone) mustBeTimeZone(input.timeZone);
  const [site] = await ctx.db.query<{ lat: number; lon: number }>('SELECT lat, lon FROM org.sites WHERE id = $1 AND deleted_at IS NULL', [input.siteId]);
  if (!site) throw new DomainError('not_found', { code: 'org.noSuchSite' });
  const target = { resourceType: 'site', resourceId: input.siteId, siteId: input.siteId, lat: input.lat ?? site.lat, lon: input.lon ?? site.lon };
  type Row = { name: string; slug: string; time_zone: string; lat: number; lon: number };
  const view = (r: Row) => ({ name: r.name, slug: r.slug, timeZone: r.time_zone, lat: r.lat, lon: r.lon });
  const result = await audited(ctx, target, async (tx) => {
    const [before] = await tx.query<Row>('SELECT name, slug, time_zone, lat, lon FROM org.sites WHERE id = $1 FOR UPDATE', [input.siteId]);
    const [after] = await tx.query<Row>(
      `UPDATE org.sites SET name = coalesce($2, name), time_zone = coalesce($3, time_zone), slug = coalesce($4, slug), lat = coalesce($5, lat), lon = coalesce($6, lon)
       WHERE id = $1 RETURNING name, slug, time_zone, lat, lon`,
      [input.siteId, input.name ?? null, input.timeZone ?? null, input.slug ?? null, input.lat ?? null, input.lon ?? null],
    );
    return { result: view(after!), oldValues: view(before!), newValues: view(after!) };
  }).catch(slugTaken(input.slug ?? ''));
  await ctx.fleet.places.load(ctx.db);
  return result;
}

/**
 * Removes a site (the demo site on a real site's database, or one set up by mistake): it and its
 * maps leave every list, their records stay for history and the audit log. Refused while it has
 * open work (transports, incidents, alerts, tickets) or vehicles reporting on its maps.
 */
export async function deleteSite(ctx: AuthedContext, input: { siteId: string; reason: string }): Promise<void> {
  const maps = await siteMapIds(ctx.db, [input.siteId]);
  const live = [...ctx.fleet.vehicles.values()].filter((v) => v.status !== 'offline' && v.mapId !== null && maps.has(v.mapId));
  await audited(ctx, { resourceType: 'site', resourceId: input.siteId, siteId: input.siteId }, async (tx) => {
    const [site] = await tx.query<{ name: string; slug: string }>('SELECT name, slug FROM org.sites WHERE id = $1 AND deleted_at IS NULL FOR UPDATE', [input.siteId]);
    if (!site) throw new DomainError('not_found', { code: 'org.noSuchSite' }, 'siteId');
    const [open] = await tx.query<{ missions: string; incidents: string; alerts: string; tickets: string }>(
      `SELECT (SELECT count(*) FROM fleet.missions WHERE site_id = $1 AND deleted_at IS NULL AND status IN ('pending', 'assigned', 'in_progress')) AS missions,
              (SELECT count(*) FROM ops.incidents WHERE site_id = $1 AND status NOT IN ('resolved', 'closed', 'cancelled')) AS incidents,
              (SELECT count(*) FROM ops.alerts WHERE site_id = $1 AND status IN ('new', 'acknowledged')) AS alerts,
              (SELECT count(*) FROM ops.tickets WHERE site_id = $1 AND deleted_at IS NULL AND status IN ('open', 'in_progress')) AS tickets`, [input.siteId]);
    const left = Object.entries(open!).filter(([, n]) => Number(n) > 0).map(([what, n]) => `${n} open ${Number(n) === 1 ? what.replace(/s$/, '') : what}`);
    if (live.length) left.push(`${live.length} vehicle${live.length === 1 ? '' : 's'} reporting on its maps (${live.map((v) => v.name).join(', ')})`);
    if (left.length) throw new DomainError('conflict', { code: 'org.siteNotEmpty', params: { name: site.name, left: left.join(', ') } });
    await markSiteRemoved(tx, input.siteId);
    return { result: undefined, oldValues: { name: site.name, slug: site.slug, maps: [...maps].sort() }, newValues: { removed: true, reason: input.reason } };
  });
  await ctx.fleet.places.load(ctx.db);
}
