// Alerts, incidents, resources and announcements as they stood at one moment.
import type { Queryable } from '../../db/index.js';
import type { ReplayAlert, ReplayAnnouncement, ReplayIncident, ReplayResource } from '../contract/index.js';

/**
 * Alerts received by the moment and still open then, or handled within `recentMs` before it.
 * The status at the moment comes from the alert's own timestamps (and its incident's creation).
 */
export async function alertsAt(db: Queryable, siteId: string, at: Date, recentMs: number): Promise<ReplayAlert[]> {
  const rows = await db.query<{ id: string; title: string; severity: number; lat: number | null; lon: number | null; received_at: Date; status: ReplayAlert['status']; changed: Date | null }>(
    `SELECT * FROM (
       SELECT a.id, a.title, a.severity, a.lat, a.lon, a.received_at,
         CASE WHEN a.dismissed_at <= $2 THEN 'dismissed' WHEN a.resolved_at <= $2 THEN 'auto_resolved'
              WHEN i.created_at <= $2 THEN 'converted' WHEN a.acknowledged_at <= $2 THEN 'acknowledged' ELSE 'new' END AS status,
         CASE WHEN a.dismissed_at <= $2 THEN a.dismissed_at WHEN a.resolved_at <= $2 THEN a.resolved_at
              WHEN i.created_at <= $2 THEN i.created_at END AS changed
       FROM ops.alerts a LEFT JOIN ops.incidents i ON i.id = a.incident_id
       WHERE a.site_id = $1 AND a.received_at <= $2 AND (a.status IN ('new', 'acknowledged') OR a.updated_at >= $3)
     ) x
     WHERE status IN ('new', 'acknowledged') OR changed >= $3
     ORDER BY received_at`,
    [siteId, at.toISOString(), new Date(at.getTime() - recentMs).toISOString()],
  );
  return rows.map((r) => ({ id: r.id, title: r.title, severity: r.severity, status: r.status, lat: r.lat, lon: r.lon, receivedAt: r.received_at.toISOString() }));
}

/** Incidents opened by the moment, in the status their timeline gave them then; closed ones only within `recentMs`. */
export async function incidentsAt(db: Queryable, siteId: string, at: Date, recentMs: number): Promise<ReplayIncident[]> {
  const rows = await db.query<{ id: string; incident_number: string; title: string; priority: number; lat: number | null; lon: number | null; created_at: Date; status: string | null; changed: Date | null }>(
    `SELECT i.id, i.incident_number, i.title, i.priority, i.lat, i.lon, i.created_at, e.details ->> 'to' AS status, e.created_at AS changed
     FROM ops.incidents i
     LEFT JOIN LATERAL (SELECT details, created_at FROM ops.case_events WHERE incident_id = i.id AND kind = 'status' AND created_at <= $2
       ORDER BY created_at DESC, id DESC LIMIT 1) e ON true
     WHERE i.site_id = $1 AND i.created_at <= $2 AND (i.status NOT IN ('closed', 'cancelled') OR i.updated_at >= $3)
     ORDER BY i.created_at`,
    [siteId, at.toISOString(), new Date(at.getTime() - recentMs).toISOString()],
  );
  return rows
    .map((r) => ({ r, status: r.status ?? 'new' }))
    .filter(({ r, status }) => !['closed', 'cancelled'].includes(status) || (r.changed && r.changed.getTime() >= at.getTime() - recentMs))
    .map(({ r, status }) => ({ id: r.id, number: r.incident_number, title: r.title, priority: r.priority, status, lat: r.lat, lon: r.lon, createdAt: r.created_at.toISOString() }));
}

/**
 * Resources with a place at the moment: one bound to a vehicle stands where the vehicle was
 * (`vehicleAt`); the others have no location history, so their last known place shows only
 * if it was reported by then. Each names the incident it was assigned to then.
 */
export async function resourcesAt(db: Queryable, siteId: string, at: Date, vehicleAt: Map<string, { lat: number; lon: number }>): Promise<ReplayResource[]> {
  const rows = await db.query<{ id: string; name: string; lat: number | null; lon: number | null; located_at: Date | null; vehicle_id: string | null; incident_id: string | null }>(
    `SELECT r.id, r.name, r.lat, r.lon, r.located_at, r.vehicle_id, a.incident_id
     FROM ops.resources r
     LEFT JOIN LATERAL (SELECT incident_id FROM ops.incident_resources WHERE resource_id = r.id AND assigned_at <= $2 AND (released_at IS NULL OR released_at > $2)
       ORDER BY assigned_at DESC LIMIT 1) a ON true
     WHERE r.site_id = $1 AND (r.created_at <= $2 OR a.incident_id IS NOT NULL) AND (r.deleted_at IS NULL OR r.deleted_at > $2)
     ORDER BY r.name`,
    [siteId, at.toISOString()],
  );
  const out: ReplayResource[] = [];
  for (const r of rows) {
    const place = r.vehicle_id ? vehicleAt.get(r.vehicle_id) : r.located_at && r.located_at <= at && r.lat !== null && r.lon !== null ? { lat: r.lat, lon: r.lon } : undefined;
    if (place) out.push({ id: r.id, name: r.name, lat: place.lat, lon: place.lon, incidentId: r.incident_id });
  }
  return out;
}

/** Announcements published by the moment and in force then. */
export async function announcementsAt(db: Queryable, siteId: string, at: Date): Promise<ReplayAnnouncement[]> {
  const rows = await db.query<{ id: string; title: string; severity: string; area_type: string; center_lat: number | null; center_lon: number | null; radius_m: number | null; polygon: [number, number][] | null }>(
    `SELECT id, title, severity, area_type, center_lat, center_lon, radius_m, polygon FROM city.announcements
     WHERE site_id = $1 AND published_at <= $2 AND starts_at <= $2 AND (ends_at IS NULL OR ends_at > $2)
       AND (status = 'published' OR updated_at > $2) AND (deleted_at IS NULL OR deleted_at > $2)
     ORDER BY starts_at`,
    [siteId, at.toISOString()],
  );
  return rows.map((r) => ({ id: r.id, title: r.title, severity: r.severity, areaType: r.area_type, lat: r.center_lat, lon: r.center_lon, radiusM: r.radius_m, polygon: r.polygon }));
}
