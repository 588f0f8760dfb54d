// Incident rows as the board and the panel show them.
import type { Queryable } from '../../db/index.js';
import type { IncidentStatus, IncidentView } from '../contract/index.js';
import { likePattern } from '../city/rows.js';
import { sitesParam } from '../org/site-access.js';

export const INCIDENT_SELECT = `
  SELECT i.*, a.name AS agency,
    coalesce((SELECT json_agg(json_build_object('id', r.id, 'name', r.name, 'status', r.status) ORDER BY ir.assigned_at)
              FROM ops.incident_resources ir JOIN ops.resources r ON r.id = ir.resource_id
              WHERE ir.incident_id = i.id AND ir.released_at IS NULL), '[]') AS resources
  FROM ops.incidents i LEFT JOIN ops.agencies a ON a.id = i.agency_id`;

export interface IncidentRow {
  id: string; site_id: string; incident_number: string; type: string; category: string; priority: number; status: IncidentStatus; title: string;
  description: string | null; lat: number | null; lon: number | null; address: string | null; agency_id: string | null; agency: string | null;
  parent_id: string | null; source_alert_id: string | null; metadata: { needs?: string[] }; resources: IncidentView['resources'];
  created_at: Date; assigned_at: Date | null; en_route_at: Date | null; on_scene_at: Date | null; resolved_at: Date | null; closed_at: Date | null;
  cancelled_at: Date | null; cancel_reason: string | null; version: number;
}

const iso = (d: Date | null) => d?.toISOString() ?? null;

export const incidentView = (r: IncidentRow): IncidentView => ({
  id: r.id, number: r.incident_number, type: r.type, category: r.category, priority: Number(r.priority), status: r.status, title: r.title,
  description: r.description, lat: r.lat, lon: r.lon, address: r.address, agencyId: r.agency_id, agency: r.agency, parentId: r.parent_id,
  sourceAlertId: r.source_alert_id, needs: r.metadata.needs ?? [],
  resources: r.resources,
  createdAt: r.created_at.toISOString(), assignedAt: iso(r.assigned_at), enRouteAt: iso(r.en_route_at), onSceneAt: iso(r.on_scene_at),
  resolvedAt: iso(r.resolved_at), closedAt: iso(r.closed_at), cancelledAt: iso(r.cancelled_at), cancelReason: r.cancel_reason, version: Number(r.version),
});

export async function incidentById(db: Queryable, id: string, lock = false): Promise<IncidentRow | undefined> {
  if (lock) await db.query('SELECT 1 FROM ops.incidents WHERE id = $1 FOR UPDATE', [id]);
  const [row] = await db.query<IncidentRow>(`${INCIDENT_SELECT} WHERE i.id = $1`, [id]);
  return row;
}

export interface IncidentQuery { siteId?: string; sites?: string[] | null; statuses?: IncidentStatus[]; priorities?: number[]; search?: string; limit: number }

/** Open ones first by priority then age; a search matches number, title and description by trigram similarity or substring. */
export async function listIncidents(db: Queryable, q: IncidentQuery): Promise<IncidentView[]> {
  const search = q.search?.trim() || null;
  const rows = await db.query<IncidentRow>(
    `${INCIDENT_SELECT}
     WHERE ($1::uuid[] IS NULL OR i.site_id = ANY($1)) AND ($2::text[] IS NULL OR i.status = ANY($2)) AND ($3::int[] IS NULL OR i.priority = ANY($3))
       AND ($4::text IS NULL OR (i.incident_number || ' ' || i.title || ' ' || coalesce(i.description, '')) ILIKE $6
            OR (i.incident_number || ' ' || i.title || ' ' || coalesce(i.description, '')) % $4)
     ORDER BY (i.status NOT IN ('closed', 'cancelled')) DESC, i.priority, i.created_at DESC LIMIT $5`,
    [sitesParam(q), q.statuses ?? null, q.priorities ?? null, search, q.limit, search && likePattern(search)],
  );
  return rows.map(incidentView);
}

export async function childIncidents(db: Queryable, id: string): Promise<{ id: string; number: string; title: string; status: IncidentStatus }[]> {
  const rows = await db.query<{ id: string; incident_number: string; title: string; status: IncidentStatus }>(
    'SELECT id, incident_number, title, status FROM ops.incidents WHERE parent_id = $1 ORDER BY created_at', [id]);
  return rows.map((r) => ({ id: r.id, number: r.incident_number, title: r.title, status: r.status }));
}

export async function linkedIncidents(db: Queryable, id: string): Promise<{ id: string; number: string; title: string; status: IncidentStatus; kind: string }[]> {
  const rows = await db.query<{ id: string; incident_number: string; title: string; status: IncidentStatus; kind: string }>(
    `SELECT i.id, i.incident_number, i.title, i.status, l.kind FROM ops.incident_links l
     JOIN ops.incidents i ON i.id = CASE WHEN l.incident_id = $1 THEN l.linked_id ELSE l.incident_id END
     WHERE $1 IN (l.incident_id, l.linked_id) ORDER BY l.created_at`, [id]);
  return rows.map((r) => ({ id: r.id, number: r.incident_number, title: r.title, status: r.status, kind: r.kind }));
}
