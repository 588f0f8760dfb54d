// One timeline per case, whatever its type: status changes, assignments, links and
// comments in ops.case_events. Internal entries never leave through a public view.
import type { Queryable } from '../../db/index.js';
import type { CaseEvent, CaseType, Visibility } from '../contract/index.js';
import { DomainError } from '../errors.js';

export const CASE_COLUMN: Record<CaseType, string> = {
  incident: 'incident_id', service_request: 'service_request_id', report: 'report_id', ticket: 'ticket_id',
};
export const CASE_TABLE: Record<CaseType, string> = {
  incident: 'ops.incidents', service_request: 'city.service_requests', report: 'city.public_reports', ticket: 'ops.tickets',
};

export interface NewCaseEvent {
  caseType: CaseType;
  caseId: string;
  kind: CaseEvent['kind'];
  visibility?: Visibility;
  body?: string | null;
  details?: object;
  actorId?: string | null;
  at: Date;
}

/** Appends an entry; returns its id. */
export async function addCaseEvent(db: Queryable, e: NewCaseEvent): Promise<string> {
  const [row] = await db.query<{ id: string }>(
    `INSERT INTO ops.case_events (case_type, ${CASE_COLUMN[e.caseType]}, kind, visibility, body, details, actor_id, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
    [e.caseType, e.caseId, e.kind, e.visibility ?? 'internal', e.body ?? null, JSON.stringify(e.details ?? {}), e.actorId ?? null, e.at],
  );
  return String(row!.id);
}

/** The case's timeline, oldest first; `publicOnly` leaves out every internal entry. */
export async function caseTimeline(db: Queryable, caseType: CaseType, caseId: string, publicOnly = false): Promise<CaseEvent[]> {
  const rows = await db.query<{ id: string; kind: CaseEvent['kind']; visibility: Visibility; body: string | null; details: Record<string, unknown>; actor: string | null; created_at: Date }>(
    `SELECT e.id, e.kind, e.visibility, e.body, e.details, u.email AS actor, e.created_at
     FROM ops.case_events e LEFT JOIN iam.users u ON u.id = e.actor_id
     WHERE e.${CASE_COLUMN[caseType]} = $1 ${publicOnly ? "AND e.visibility = 'public'" : ''} ORDER BY e.id`,
    [caseId],
  );
  return rows.map((r) => ({ id: Number(r.id), kind: r.kind, visibility: r.visibility, body: r.body, details: r.details, actor: r.actor, at: r.created_at.toISOString() }));
}

/** The case's site, or not_found; comments are checked against it. */
export async function caseSite(db: Queryable, caseType: CaseType, caseId: string): Promise<string> {
  const [row] = await db.query<{ site_id: string }>(`SELECT site_id FROM ${CASE_TABLE[caseType]} WHERE id = $1`, [caseId]);
  if (!row) throw new DomainError('not_found', { code: 'cases.noSuchThing', params: { what: caseType.replace('_', ' ') } });
  return row.site_id;
}
