// What an announcement's area covers: resources, fleet vehicles (where they last were)
// and open cases. The bounding box narrows in SQL; inArea decides exactly.
import type { Queryable } from '../../db/index.js';
import { areaBounds, inArea, type Area, type Coverage } from '../contract/index.js';

export async function announcementCoverage(db: Queryable, siteId: string, area: Area): Promise<Coverage> {
  const b = areaBounds(area);
  const box = [siteId, b.minLat, b.minLon, b.maxLat, b.maxLon];
  const within = 'lat BETWEEN $2 AND $4 AND lon BETWEEN $3 AND $5';
  const inside = <T extends { lat: number; lon: number }>(rows: T[]) => rows.filter((r) => inArea(r, area));
  const resources = await db.query<Coverage['resources'][number]>(
    `SELECT id, name, type, status, lat, lon FROM ops.resources WHERE site_id = $1 AND deleted_at IS NULL AND lat IS NOT NULL AND ${within} ORDER BY name`, box);
  // Vehicles register before anyone gives them a site; a vehicle without one is shown wherever it stands.
  const vehicles = await db.query<Coverage['vehicles'][number]>(
    `SELECT id, name, status, lat, lon FROM fleet.vehicles WHERE (site_id = $1 OR site_id IS NULL) AND deleted_at IS NULL AND lat IS NOT NULL AND ${within} ORDER BY name`, box);
  const cases = await db.query<Coverage['cases'][number]>(
    `SELECT 'incident' AS "caseType", id, incident_number || ' ' || title AS label, status, lat, lon FROM ops.incidents
       WHERE site_id = $1 AND status NOT IN ('closed', 'cancelled') AND lat IS NOT NULL AND ${within}
     UNION ALL
     SELECT 'service_request', id, category || coalesce(': ' || nullif(left(description, 80), ''), ''), status, lat, lon FROM city.service_requests
       WHERE site_id = $1 AND deleted_at IS NULL AND status <> 'closed' AND ${within}
     UNION ALL
     SELECT 'report', id, title, status, lat, lon FROM city.public_reports
       WHERE site_id = $1 AND deleted_at IS NULL AND status NOT IN ('closed', 'rejected') AND ${within}
     ORDER BY 1, 3`, box);
  return { resources: inside(resources), vehicles: inside(vehicles), cases: inside(cases) };
}
