// Mission rows as the views show them, the site graph from the database, and timeline events.
import type { Queryable } from '../../db/index.js';
import type { MissionEvent, MissionView, Place, SiteGraph } from '../contract/index.js';

export interface MissionRow {
  id: string; site_id: string; site_map_id: string; resident_id: string; resident: string; vehicle_id: string | null; vehicle: string | null;
  pickup_node: string; pickup: string; dropoff_node: string; dropoff: string; priority: MissionView['priority']; status: MissionView['status'];
  scheduled_at: Date | null; created_at: Date; assigned_at: Date | null; started_at: Date | null; picked_up_at: Date | null; completed_at: Date | null;
  notes: string | null; failure_reason: string | null; at_risk: string | null; created_by: string | null; version: number; order_id: string | null;
}

/** Missions with the names a person reads; residents as initial and last name (no personal details). */
export const MISSION_SELECT = `
  SELECT m.id, m.site_id, m.site_map_id, m.resident_id,
    CASE WHEN r.erased_at IS NULL THEN left(r.first_name, 1) || '. ' || r.last_name ELSE 'Erased resident' END AS resident,
    m.vehicle_id, v.name AS vehicle, m.pickup_node, pn.name AS pickup, m.dropoff_node, dn.name AS dropoff, m.priority, m.status,
    m.scheduled_at, m.created_at, m.assigned_at, m.started_at, m.picked_up_at, m.completed_at, m.notes, m.failure_reason, m.at_risk,
    u.email AS created_by, m.version, m.order_id
  FROM fleet.missions m
  JOIN fleet.residents r ON r.id = m.resident_id
  JOIN org.map_nodes pn ON pn.site_map_id = m.site_map_id AND pn.node_id = m.pickup_node
  JOIN org.map_nodes dn ON dn.site_map_id = m.site_map_id AND dn.node_id = m.dropoff_node
  LEFT JOIN fleet.vehicles v ON v.id = m.vehicle_id
  LEFT JOIN iam.users u ON u.id = m.created_by`;

const iso = (d: Date | null) => d?.toISOString() ?? null;

export function missionView(r: MissionRow): MissionView {
  return {
    id: r.id, residentId: r.resident_id, resident: r.resident, vehicleId: r.vehicle_id, vehicle: r.vehicle, pickup: r.pickup, pickupNode: r.pickup_node,
    dropoff: r.dropoff, dropoffNode: r.dropoff_node, priority: r.priority, status: r.status, scheduledAt: iso(r.scheduled_at), createdAt: r.created_at.toISOString(),
    assignedAt: iso(r.assigned_at), startedAt: iso(r.started_at), pickedUpAt: iso(r.picked_up_at), completedAt: iso(r.completed_at),
    expectedPickupAt: null, expectedArrivalAt: null, notes: r.notes, failureReason: r.failure_reason,
    atRisk: r.at_risk, createdBy: r.created_by, version: r.version,
  };
}

export async function missionById(db: Queryable, id: string, lock = false): Promise<MissionRow | undefined> {
  // FOR UPDATE cannot lock the outer side of a LEFT JOIN: lock the mission row first.
  if (lock) await db.query('SELECT 1 FROM fleet.missions WHERE id = $1 FOR UPDATE', [id]);
  const [row] = await db.query<MissionRow>(`${MISSION_SELECT} WHERE m.id = $1 AND m.deleted_at IS NULL`, [id]);
  return row;
}

export async function addEvent(db: Queryable, e: { missionId: string; type: string; vehicleId?: string | null; actorId?: string | null; details?: object; at: Date }): Promise<void> {
  await db.query(
    'INSERT INTO fleet.mission_events (mission_id, vehicle_id, event_type, details, actor_id, created_at) VALUES ($1, $2, $3, $4, $5, $6)',
    [e.missionId, e.vehicleId ?? null, e.type, JSON.stringify(e.details ?? {}), e.actorId ?? null, e.at.toISOString()],
  );
}

export async function timeline(db: Queryable, missionId: string): Promise<MissionEvent[]> {
  const rows = await db.query<{ id: string; event_type: string; created_at: Date; vehicle_id: string | null; actor: string | null; details: Record<string, unknown> }>(
    `SELECT e.id, e.event_type, e.created_at, e.vehicle_id, u.email AS actor, e.details
     FROM fleet.mission_events e LEFT JOIN iam.users u ON u.id = e.actor_id WHERE e.mission_id = $1 ORDER BY e.id`,
    [missionId],
  );
  return rows.map((r) => ({ id: Number(r.id), type: r.event_type, at: r.created_at.toISOString(), vehicleId: r.vehicle_id, actor: r.actor, details: r.details }));
}

/** A stored frame matrix (plan placed by three or more points) as Georef.matrix. */
export const matrixOf = (m: number[] | null): [number, number, number, number] | null => (m ? [m[0]!, m[1]!, m[2]!, m[3]!] : null);

/** A site map's path graph and georeference as stored. */
export async function graphOf(db: Queryable, siteMapId: string): Promise<SiteGraph> {
  const [map] = await db.query<{ map_id: string; slug: string; origin_lat: number; origin_lon: number; rotation_deg: number; frame_matrix: number[] | null }>(
    'SELECT m.map_id, s.slug, m.origin_lat, m.origin_lon, m.rotation_deg, m.frame_matrix FROM org.site_maps m JOIN org.sites s ON s.id = m.site_id WHERE m.id = $1', [siteMapId]);
  const nodes = await db.query<{ node_id: string; x: number; y: number; name: string | null; kind: 'junction' }>(
    'SELECT node_id, x, y, name, kind FROM org.map_nodes WHERE site_map_id = $1', [siteMapId]);
  const edges = await db.query<{ from_node: string; to_node: string }>('SELECT from_node, to_node FROM org.map_edges WHERE site_map_id = $1', [siteMapId]);
  return {
    site: map!.slug, mapId: map!.map_id, georef: { originLat: map!.origin_lat, originLon: map!.origin_lon, rotationDeg: map!.rotation_deg, matrix: matrixOf(map!.frame_matrix) },
    nodes: nodes.map((n) => ({ id: n.node_id, x: n.x, y: n.y, kind: n.kind, ...(n.name ? { name: n.name } : {}) })),
    edges: edges.map((e) => [e.from_node, e.to_node] as [string, string]),
  };
}

export async function placesOf(db: Queryable, siteMapId: string): Promise<Place[]> {
  const rows = await db.query<{ node_id: string; name: string; kind: string; lat: number; lon: number; x: number; y: number }>(
    "SELECT node_id, name, kind, lat, lon, x, y FROM org.map_nodes WHERE site_map_id = $1 AND kind <> 'junction' ORDER BY name", [siteMapId]);
  return rows.map((r) => ({ nodeId: r.node_id, name: r.name, kind: r.kind, lat: r.lat, lon: r.lon, x: r.x, y: r.y }));
}
