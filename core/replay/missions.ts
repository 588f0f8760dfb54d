// Missions as they stood at one moment, folded from their append-only event timeline.
import type { Queryable } from '../../db/index.js';
import type { ReplayMission } from '../contract/index.js';
import { routePath } from './routes.js';

/** The events that move a mission's status; the others (arrivals, pauses, risks) leave it as it was. */
const STATUS_EVENTS = ['created', 'assigned', 'started', 'completed', 'cancelled', 'failed', 'reassigned'];

/** The status an event leaves a mission in. */
export function statusAfter(type: string, details: Record<string, unknown>): ReplayMission['status'] {
  switch (type) {
    case 'created': return 'pending';
    case 'started': return 'in_progress';
    case 'completed': case 'cancelled': case 'failed': return type;
    case 'reassigned': return details.back === 'pending' ? 'pending' : 'assigned';
    default: return 'assigned';
  }
}

interface Row {
  id: string; site_map_id: string; priority: string; event_type: string; details: Record<string, unknown>; vehicle_id: string | null; last_event: string;
  pickup_node: string; pickup_name: string | null; pickup_lat: number; pickup_lon: number;
  dropoff_node: string; dropoff_name: string | null; dropoff_lat: number; dropoff_lon: number; ended_at: Date;
}

/**
 * The missions active at the moment, and those that ended within `recentMs` before it.
 * Candidates are missions active now or changed since then (`updated_at`): one that ended
 * and has not changed since cannot have been active.
 */
export async function missionsAt(db: Queryable, siteId: string, at: Date, recentMs: number): Promise<ReplayMission[]> {
  const since = new Date(at.getTime() - recentMs).toISOString();
  const rows = await db.query<Row>(
    `SELECT m.id, m.site_map_id, m.priority, s.event_type, s.details, s.vehicle_id, s.created_at AS ended_at, l.event_type AS last_event,
            m.pickup_node, pn.name AS pickup_name, pn.lat AS pickup_lat, pn.lon AS pickup_lon,
            m.dropoff_node, dn.name AS dropoff_name, dn.lat AS dropoff_lat, dn.lon AS dropoff_lon
     FROM fleet.missions m
     JOIN org.map_nodes pn ON pn.site_map_id = m.site_map_id AND pn.node_id = m.pickup_node
     JOIN org.map_nodes dn ON dn.site_map_id = m.site_map_id AND dn.node_id = m.dropoff_node
     JOIN LATERAL (SELECT event_type, details, vehicle_id, created_at FROM fleet.mission_events
       WHERE mission_id = m.id AND created_at <= $2 AND event_type = ANY($4::text[]) ORDER BY created_at DESC, id DESC LIMIT 1) s ON true
     JOIN LATERAL (SELECT event_type FROM fleet.mission_events WHERE mission_id = m.id AND created_at <= $2 ORDER BY created_at DESC, id DESC LIMIT 1) l ON true
     WHERE m.site_id = $1 AND m.created_at <= $2 AND m.deleted_at IS NULL
       AND (m.status IN ('pending', 'assigned', 'in_progress') OR m.updated_at >= $3)
     ORDER BY m.created_at`,
    [siteId, at.toISOString(), since, STATUS_EVENTS],
  );
  const out: ReplayMission[] = [];
  for (const r of rows) {
    const status = statusAfter(r.event_type, r.details);
    const ended = status === 'completed' || status === 'cancelled' || status === 'failed';
    if (ended && r.ended_at.getTime() < at.getTime() - recentMs) continue;
    out.push({
      id: r.id, status, priority: r.priority, lastEvent: r.last_event,
      vehicleId: status === 'pending' ? null : r.vehicle_id,
      pickup: { nodeId: r.pickup_node, name: r.pickup_name, lat: r.pickup_lat, lon: r.pickup_lon },
      dropoff: { nodeId: r.dropoff_node, name: r.dropoff_name, lat: r.dropoff_lat, lon: r.dropoff_lon },
      path: await routePath(db, r.site_map_id, r.pickup_node, r.dropoff_node),
    });
  }
  return out;
}
