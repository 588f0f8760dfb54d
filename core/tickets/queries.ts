// Ticket lists for the board (open ones most urgent first) and one ticket with its timeline.
import type { Queryable } from '../../db/index.js';
import { caseTimeline } from '../cases/timeline.js';
import { TicketFilter, type CaseEvent, type TicketView } from '../contract/index.js';
import { DomainError } from '../errors.js';
import { likePattern } from '../city/rows.js';
import { TICKET_SELECT, ticketById, ticketView, type TicketRow } from './store.js';
import { sitesParam } from '../org/site-access.js';

const URGENCY = "CASE t.priority WHEN 'urgent' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2 ELSE 3 END";

export async function listTickets(db: Queryable, raw: TicketFilter & { sites?: string[] | null }): Promise<TicketView[]> {
  const f = TicketFilter.parse(raw);
  const rows = await db.query<TicketRow>(
    `${TICKET_SELECT}
     WHERE t.deleted_at IS NULL
       AND ($1::uuid[] IS NULL OR t.site_id = ANY($1))
       AND ($2::text[] IS NULL OR t.status = ANY($2))
       AND ($3::text[] IS NULL OR t.priority = ANY($3))
       AND ($4::uuid IS NULL OR t.assignee_id = $4)
       AND ${f.search ? `(t.subject || ' ' || t.description) ILIKE $5` : '$5::text IS NULL'}
     ORDER BY t.status IN ('resolved', 'closed'), ${URGENCY}, t.created_at DESC, t.id
     LIMIT $6`,
    [sitesParam(raw), f.statuses?.length ? f.statuses : null, f.priorities?.length ? f.priorities : null, f.assigneeId ?? null,
      f.search ? likePattern(f.search) : null, f.limit]);
  return rows.map(ticketView);
}

export async function ticketDetail(db: Queryable, id: string): Promise<{ ticket: TicketView; timeline: CaseEvent[] }> {
  const t = await ticketById(db, id);
  if (!t) throw new DomainError('not_found', { code: 'tickets.noSuchTicket' });
  return { ticket: ticketView(t), timeline: await caseTimeline(db, 'ticket', id) };
}
