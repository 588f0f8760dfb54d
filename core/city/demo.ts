// Demo city data around the demo site: a service list, a few assets (parks, facilities,
// the fleet's sensors), service requests and public reports, so the city view has
// something to show at once. Only in demo mode, only once per site.
import type { Db, Queryable } from '../../db/index.js';
import { addCaseEvent } from '../cases/timeline.js';

const SERVICES = [
  ['broken_bench', 'Broken bench', 'Benches damaged or missing slats', 'parks'],
  ['fallen_tree', 'Fallen tree or branch', 'Trees or large branches blocking a path or road', 'parks'],
  ['flooding', 'Flooding', 'Standing water on paths, roads or in buildings', 'water'],
  ['graffiti', 'Graffiti', 'Graffiti on walls, signs or benches', 'cleaning'],
  ['litter', 'Litter', 'Litter, dumped waste or overflowing bins', 'cleaning'],
  ['noise', 'Noise', 'Noise disturbance', 'environment'],
  ['pothole', 'Pothole', 'Holes and damage in roads and paths', 'roads'],
  ['streetlight', 'Streetlight out', 'A streetlight is out, flickering or damaged', 'lighting'],
] as const;

// [code, metres east, metres north of the site centre, description, status, days ago]
const REQUESTS = [
  ['pothole', 40, -60, 'Deep pothole at the entrance gate, wheelchairs get stuck', 'open', 1],
  ['streetlight', -120, 30, 'Lamp post by the car park flickers all night', 'in_progress', 3],
  ['litter', 80, 90, 'Bins behind the kitchen overflowing', 'open', 0],
  ['graffiti', -60, -110, 'Tags on the bicycle shed wall', 'closed', 12],
  ['fallen_tree', 150, 20, 'Large branch across the garden path after the storm', 'in_progress', 2],
  ['noise', -30, 140, 'Delivery trucks idling at night', 'open', 5],
  ['broken_bench', 110, -40, 'Bench at the pond missing two slats', 'open', 8],
  ['flooding', -150, -70, 'Water on the path to the rehab centre when it rains', 'open', 4],
  ['pothole', 42, -58, 'Hole near the gate is getting bigger', 'open', 0],
  ['streetlight', 60, 120, 'Light out on the north walkway', 'closed', 20],
] as const;

// [type, title, metres east, metres north, status, priority]
const REPORTS = [
  ['road', 'Loose paving stones on the main path', 20, 50, 'new', 'high'],
  ['lighting', 'Dark stretch between wards', -90, 60, 'under_review', 'medium'],
  ['parks', 'Broken fence at the sensory garden', 130, -80, 'assigned', 'medium'],
  ['waste', 'Dumped furniture by the service entrance', -40, -140, 'in_progress', 'low'],
  ['water', 'Leaking tap at the outdoor fountain', 70, 10, 'resolved', 'low'],
] as const;

const ASSETS = [
  ['park', 'Sensory garden', 120, -70], ['park', 'Pond park', 105, -35],
  ['facility', 'Main entrance', 35, -65], ['facility', 'Rehab centre', -140, -60], ['facility', 'Kitchen and deliveries', 75, 95],
] as const;

const at = (site: { lat: number; lon: number }, east: number, north: number) =>
  ({ lat: site.lat + north / 111_195, lon: site.lon + east / (111_195 * Math.cos((site.lat * Math.PI) / 180)) });

async function seedCases(tx: Queryable, siteId: string, site: { lat: number; lon: number }, now: Date): Promise<void> {
  for (const [i, [code, e, n, description, status, days]] of REQUESTS.entries()) {
    const p = at(site, e, n);
    const when = new Date(now.getTime() - days * 86_400_000 - i * 3_600_000);
    const [r] = await tx.query<{ id: string }>(
      `INSERT INTO city.service_requests (site_id, category, external_id, description, lat, lon, status, closed_at, requested_at, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9, $9) RETURNING id`,
      [siteId, code, `LHF-311-${String(i + 1).padStart(4, '0')}`, description, p.lat, p.lon, status, status === 'closed' ? now : null, when]);
    await addCaseEvent(tx, { caseType: 'service_request', caseId: r!.id, kind: 'created', visibility: 'public', details: { category: code, demo: true }, at: when });
  }
  for (const [type, title, e, n, status, priority] of REPORTS) {
    const p = at(site, e, n);
    const [r] = await tx.query<{ id: string }>(
      `INSERT INTO city.public_reports (site_id, report_type, title, description, lat, lon, status, priority, resolved_at)
       VALUES ($1, $2, $3, $3, $4, $5, $6, $7, $8) RETURNING id`,
      [siteId, type, title, p.lat, p.lon, status, priority, status === 'resolved' ? now : null]);
    await addCaseEvent(tx, { caseType: 'report', caseId: r!.id, kind: 'created', visibility: 'public', details: { reportType: type, demo: true }, at: now });
  }
}

/** In demo mode, a demo site without services gets the demo city data. */
export async function seedDemoCity(db: Db, demo: boolean, now: Date): Promise<void> {
  if (!demo) return;
  await db.transaction(async (tx) => {
    const [site] = await tx.query<{ id: string; lat: number; lon: number; n: string }>(
      "SELECT s.id, s.lat, s.lon, (SELECT count(*) FROM city.services c WHERE c.site_id = s.id) AS n FROM org.sites s WHERE s.slug = 'lindenhof' FOR UPDATE");
    if (!site) return;
    // The fleet's sensors that have a place become sensor assets; sensors register when
    // they first report, so each start adds the ones that came since.
    await tx.query(
      `INSERT INTO city.assets (site_id, type, name, lat, lon, sensor_id, metadata)
       SELECT s.site_id, 'sensor', s.name, s.lat, s.lon, s.id, jsonb_build_object('kind', s.kind) FROM fleet.sensors s
       WHERE s.site_id = $1 AND s.deleted_at IS NULL AND s.lat IS NOT NULL
         AND NOT EXISTS (SELECT 1 FROM city.assets a WHERE a.sensor_id = s.id)`, [site.id]);
    if (Number(site.n) > 0) return;
    for (const [code, name, description, group] of SERVICES) {
      await tx.query('INSERT INTO city.services (site_id, service_code, service_name, description, service_group, keywords) VALUES ($1, $2, $3, $4, $5, $6)',
        [site.id, code, name, description, group, [code.replace('_', ' ')]]);
    }
    for (const [type, name, e, n] of ASSETS) {
      const p = at(site, e, n);
      await tx.query('INSERT INTO city.assets (site_id, type, name, lat, lon) VALUES ($1, $2, $3, $4, $5)', [site.id, type, name, p.lat, p.lon]);
    }
    await seedCases(tx, site.id, site, now);
  });
}
