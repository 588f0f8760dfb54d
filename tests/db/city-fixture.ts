// What the city tests share: a core on the engine under test, the demo site with a few
// services, an operator (city:manage) and a viewer (city:read).
import { testCore } from '../../core/testing.js';
import type { Db } from '../../db/index.js';

export const HERE = { lat: 51.4426, lon: 5.4711 };
/** `m` metres north of `p`, on the sphere haversineM uses. */
export const north = (p: { lat: number; lon: number }, m: number) => ({ lat: p.lat + (m / 6_371_008.8) * (180 / Math.PI), lon: p.lon });
/** `m` metres east of `p`. */
export const east = (p: { lat: number; lon: number }, m: number) =>
  ({ lat: p.lat, lon: p.lon + (m / 6_371_008.8) * (180 / Math.PI) / Math.cos((p.lat * Math.PI) / 180) });

export async function cityFixture(db: Db) {
  const t = await testCore({ db });
  const [site] = await db.query<{ id: string }>("SELECT id FROM org.sites WHERE slug = 'lindenhof'");
  for (const [code, name] of [['pothole', 'Pothole'], ['streetlight', 'Streetlight out'], ['litter', 'Litter']]) {
    await db.query('INSERT INTO city.services (site_id, service_code, service_name) VALUES ($1, $2, $3)', [site!.id, code, name]);
  }
  const [other] = await db.query<{ id: string }>(
    "INSERT INTO org.sites (slug, name, time_zone, lat, lon) VALUES ('harbour', 'Harbour Depot', 'Europe/Amsterdam', 51.9, 4.4) RETURNING id");
  await db.query("INSERT INTO city.services (site_id, service_code, service_name) VALUES ($1, 'pothole', 'Pothole')", [other!.id]);
  return { t, siteId: site!.id, otherSiteId: other!.id, op: await t.signedIn(['operator'], 'op@site.test'), viewer: await t.signedIn(['viewer'], 'viewer@site.test') };
}
