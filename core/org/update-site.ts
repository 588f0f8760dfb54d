import { audited } from '../audit/write.js';
import { DomainError } from '../errors.js';
import type { AuthedContext } from '../trpc.js';

/** Renames a site or changes its time zone; audited at the site's position on the map. */
export async function updateSite(ctx: AuthedContext, input: { siteId: string; name?: string | undefined; timeZone?: string | undefined }) {
  if (input.timeZone && !Intl.supportedValuesOf('timeZone').includes(input.timeZone)) {
    throw new DomainError('invalid', `Unknown time zone ${input.timeZone}.`);
  }
  const [site] = await ctx.db.query<{ lat: number; lon: number }>('SELECT lat, lon FROM org.sites WHERE id = $1 AND deleted_at IS NULL', [input.siteId]);
  if (!site) throw new DomainError('not_found', 'No such site.');
  const target = { resourceType: 'site', resourceId: input.siteId, siteId: input.siteId, lat: site.lat, lon: site.lon };
  return audited(ctx, 'org:manage', target, async (tx) => {
    const [before] = await tx.query<{ name: string; time_zone: string }>('SELECT name, time_zone FROM org.sites WHERE id = $1 FOR UPDATE', [input.siteId]);
    const [after] = await tx.query<{ name: string; time_zone: string }>(
      'UPDATE org.sites SET name = coalesce($2, name), time_zone = coalesce($3, time_zone) WHERE id = $1 RETURNING name, time_zone',
      [input.siteId, input.name ?? null, input.timeZone ?? null],
    );
    return {
      result: { name: after!.name, timeZone: after!.time_zone },
      oldValues: { name: before!.name, timeZone: before!.time_zone },
      newValues: { name: after!.name, timeZone: after!.time_zone },
    };
  });
}
