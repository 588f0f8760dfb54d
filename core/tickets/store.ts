// Ticket rows as the views show them, and the case a ticket may point at.
import type { Queryable } from '../../db/index.js';
import type { CasePriority, TicketLinkType, TicketStatus, TicketView } from '../contract/index.js';
import { DomainError } from '../errors.js';

export interface TicketRow {
  id: string; site_id: string; kind: TicketView['kind']; subject: string; description: string; status: TicketStatus; priority: CasePriority;
  assignee_id: string | null; assignee: string | null; resolution_notes: string | null; vehicle_id: string | null; asset_id: string | null;
  incident_id: string | null; service_request_id: string | null; report_id: string | null; link_label: string | null; created_by: string | null;
  created_at: Date; updated_at: Date; resolved_at: Date | null; closed_at: Date | null; version: number;
}

export const TICKET_SELECT = `
  SELECT t.*, a.email AS assignee, c.email AS created_by,
    coalesce(v.name, st.name, i.incident_number || ' ' || i.title, sr.category || coalesce(' ' || sr.external_id, ''), pr.title) AS link_label
  FROM ops.tickets t
  LEFT JOIN iam.users a ON a.id = t.assignee_id
  LEFT JOIN iam.users c ON c.id = t.created_by
  LEFT JOIN fleet.vehicles v ON v.id = t.vehicle_id
  LEFT JOIN city.assets st ON st.id = t.asset_id
  LEFT JOIN ops.incidents i ON i.id = t.incident_id
  LEFT JOIN city.service_requests sr ON sr.id = t.service_request_id
  LEFT JOIN city.public_reports pr ON pr.id = t.report_id`;

/** The column a link of each type is kept in. */
export const LINK_COLUMN: Record<TicketLinkType, 'vehicle_id' | 'asset_id' | 'incident_id' | 'service_request_id' | 'report_id'> = {
  vehicle: 'vehicle_id', asset: 'asset_id', incident: 'incident_id', service_request: 'service_request_id', report: 'report_id',
};

const iso = (d: Date | null) => d?.toISOString() ?? null;

export function ticketView(r: TicketRow): TicketView {
  const type = (Object.keys(LINK_COLUMN) as TicketLinkType[]).find((k) => r[LINK_COLUMN[k]]);
  return {
    id: r.id, siteId: r.site_id, kind: r.kind, subject: r.subject, description: r.description, status: r.status, priority: r.priority,
    assigneeId: r.assignee_id, assignee: r.assignee, resolutionNotes: r.resolution_notes,
    link: type ? { type, id: r[LINK_COLUMN[type]]!, label: r.link_label ?? '' } : null, createdBy: r.created_by,
    createdAt: r.created_at.toISOString(), updatedAt: r.updated_at.toISOString(), resolvedAt: iso(r.resolved_at), closedAt: iso(r.closed_at), version: r.version,
  };
}

export async function ticketById(db: Queryable, id: string, lock = false): Promise<TicketRow | undefined> {
  if (lock) await db.query('SELECT 1 FROM ops.tickets WHERE id = $1 FOR UPDATE', [id]);
  const [row] = await db.query<TicketRow>(`${TICKET_SELECT} WHERE t.id = $1 AND t.deleted_at IS NULL`, [id]);
  return row;
}

const LINK_CHECK: Record<TicketLinkType, { sql: string; name: string }> = {
  // Vehicles register before anyone gives them a site: one without a site may be linked from any.
  vehicle: { sql: 'SELECT site_id FROM fleet.vehicles WHERE id = $1 AND deleted_at IS NULL', name: 'vehicle' },
  asset: { sql: 'SELECT site_id FROM city.assets WHERE id = $1 AND deleted_at IS NULL', name: 'asset' },
  incident: { sql: 'SELECT site_id FROM ops.incidents WHERE id = $1', name: 'incident' },
  service_request: { sql: 'SELECT site_id FROM city.service_requests WHERE id = $1 AND deleted_at IS NULL', name: 'service request' },
  report: { sql: 'SELECT site_id FROM city.public_reports WHERE id = $1 AND deleted_at IS NULL', name: 'report' },
};

/** Refuses a link to something that does not exist or belongs to another site. */
export async function checkLink(db: Queryable, siteId: string, link: { type: TicketLinkType; id: string }): Promise<void> {
  const c = LINK_CHECK[link.type];
  const [row] = await db.query<{ site_id: string | null }>(c.sql, [link.id]);
  if (!row) throw new DomainError('invalid', { code: 'tickets.linkedMissing', params: { what: c.name } });
  if (row.site_id !== null && row.site_id !== siteId) throw new DomainError('invalid', { code: 'tickets.linkedOtherSite', params: { what: c.name } });
  if (row.site_id === null && link.type !== 'vehicle') throw new DomainError('invalid', { code: 'tickets.linkedOtherSite', params: { what: c.name } });
}

/** An active user who may handle tickets. */
export async function checkAssignee(db: Queryable, userId: string): Promise<string> {
  const [u] = await db.query<{ email: string; status: string; can: boolean }>(
    `SELECT u.email, u.status, EXISTS (
       SELECT 1 FROM iam.user_roles ur JOIN iam.role_permissions rp ON rp.role_id = ur.role_id JOIN iam.permissions p ON p.id = rp.permission_id
       WHERE ur.user_id = u.id AND p.key = 'tickets:manage') AS can
     FROM iam.users u WHERE u.id = $1 AND u.deleted_at IS NULL`, [userId]);
  if (!u) throw new DomainError('invalid', { code: 'tickets.assigneeNotUser' });
  if (u.status !== 'active') throw new DomainError('invalid', { code: 'tickets.assigneeInactive', params: { email: u.email, status: u.status } });
  if (!u.can) throw new DomainError('invalid', { code: 'tickets.assigneeNoPermission', params: { email: u.email } });
  return u.email;
}
