// A case placed further than its site's radius from the site is refused until the person
// confirms the place (an incident in Sydney for a campus in the Netherlands is a typo).
import type { Queryable } from '../../db/index.js';
import { farFromSiteProblem } from '../contract/index.js';
import { DomainError } from '../errors.js';

/** Refuses a point further than the site's radius, naming `confirmFar` as the field to answer with. */
export async function mustBeNear(db: Queryable, siteId: string, p: { lat: number; lon: number }): Promise<void> {
  const [s] = await db.query<{ name: string; lat: number; lon: number; radius_km: number }>(
    'SELECT name, lat, lon, radius_km FROM org.sites WHERE id = $1 AND deleted_at IS NULL', [siteId]);
  if (!s) throw new DomainError('invalid', { code: 'org.noSuchSite' }, 'siteId');
  const far = farFromSiteProblem(p, { name: s.name, lat: s.lat, lon: s.lon, radiusKm: Number(s.radius_km) });
  if (far) throw new DomainError('invalid', far, 'confirmFar');
}
