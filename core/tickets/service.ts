// Ticket changes: each checked, audited and written in one transaction. A ticket's
// timeline is for staff only: every entry is internal.
import type { Queryable } from '../../db/index.js';
import { staleWrite } from '../audit/last-change.js';
import { audited } from '../audit/write.js';
import { addCaseEvent } from '../cases/timeline.js';
import { canMove, TICKET_TRANSITIONS, TicketInput, type AssignTicketInput, type SetTicketStatusInput, type TicketView } from '../contract/index.js';
import { DomainError } from '../errors.js';
import type { AuthedContext } from '../trpc.js';
import { refusedMove } from '../city/rows.js';
import { checkAssignee, checkLink, LINK_COLUMN, ticketById, ticketView, type TicketRow } from './store.js';
import { mustSee } from '../org/site-access.js';

export async function createTicket(ctx: AuthedContext, raw: TicketInput): Promise<TicketView> {
  const t = TicketInput.parse(raw);
  const at = ctx.clock.now();
  const id = await audited(ctx, { resourceType: 'ticket', siteId: t.siteId }, async (tx) => {
    if (t.link) await checkLink(tx, t.siteId, t.link);
    if (t.assigneeId) await checkAssignee(tx, t.assigneeId);
    const link = Object.fromEntries(Object.values(LINK_COLUMN).map((c) => [c, t.link && LINK_COLUMN[t.link.type] === c ? t.link.id : null]));
    const [row] = await tx.query<{ id: string }>(
      `INSERT INTO ops.tickets (site_id, kind, subject, description, priority, assignee_id, vehicle_id, asset_id, incident_id, service_request_id, report_id,
         created_by, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13) RETURNING id`,
      [t.siteId, t.kind, t.subject, t.description, t.priority, t.assigneeId ?? null, link.vehicle_id, link.asset_id, link.incident_id,
        link.service_request_id, link.report_id, ctx.user.id, at]);
    await addCaseEvent(tx, { caseType: 'ticket', caseId: row!.id, kind: 'created', details: { priority: t.priority, link: t.link ?? null }, actorId: ctx.user.id, at });
    if (t.assigneeId) await addCaseEvent(tx, { caseType: 'ticket', caseId: row!.id, kind: 'assignment', details: { assigneeId: t.assigneeId }, actorId: ctx.user.id, at });
    return { result: row!.id, resourceId: row!.id, newValues: t };
  });
  return ticketView((await ticketById(ctx.db, id))!);
}

async function live(ctx: AuthedContext, tx: Queryable, id: string, version: number | undefined): Promise<TicketRow> {
  const r = await ticketById(tx, id, true);
  if (!r) throw new DomainError('not_found', { code: 'tickets.noSuchTicket' });
  mustSee(ctx, r, 'ticket');
  if (version !== undefined && version !== r.version) throw await staleWrite(tx, 'ticket', r.id, 'The ticket', r.status.replace('_', ' '));
  return r;
}

async function siteOf(ctx: AuthedContext, id: string): Promise<string> {
  const [t] = await ctx.db.query<{ site_id: string }>('SELECT site_id FROM ops.tickets WHERE id = $1', [id]);
  if (!t) throw new DomainError('not_found', { code: 'tickets.noSuchTicket' });
  return t.site_id;
}

export async function setTicketStatus(ctx: AuthedContext, input: SetTicketStatusInput): Promise<TicketView> {
  const at = ctx.clock.now();
  await audited(ctx, { resourceType: 'ticket', resourceId: input.id, siteId: await siteOf(ctx, input.id) }, async (tx) => {
    const r = await live(ctx, tx, input.id, input.version);
    if (r.status === input.status) throw new DomainError('conflict', { code: 'tickets.already', params: { status: r.status.replace('_', ' ') } });
    if (!canMove(TICKET_TRANSITIONS, r.status, input.status)) throw new DomainError('invalid', refusedMove('ticket', r.status, input.status, TICKET_TRANSITIONS[r.status]));
    const notes = input.resolutionNotes ?? r.resolution_notes;
    if ((input.status === 'resolved' || input.status === 'closed') && !notes?.trim()) {
      throw new DomainError('invalid', { code: 'tickets.needsNotes', params: { status: input.status } });
    }
    await tx.query(
      `UPDATE ops.tickets SET status = $2, resolution_notes = $3,
         resolved_at = CASE WHEN $2 = 'resolved' THEN $4::timestamptz WHEN $2 IN ('open', 'in_progress') THEN NULL ELSE resolved_at END,
         closed_at = CASE WHEN $2 = 'closed' THEN $4::timestamptz ELSE NULL END, version = version + 1 WHERE id = $1`,
      [r.id, input.status, notes, at]);
    await addCaseEvent(tx, { caseType: 'ticket', caseId: r.id, kind: 'status', body: input.resolutionNotes ?? null, details: { from: r.status, to: input.status }, actorId: ctx.user.id, at });
    if (input.comment) await addCaseEvent(tx, { caseType: 'ticket', caseId: r.id, kind: 'comment', body: input.comment, actorId: ctx.user.id, at });
    return { result: null, oldValues: { status: r.status }, newValues: { status: input.status, resolutionNotes: input.resolutionNotes ?? null } };
  });
  return ticketView((await ticketById(ctx.db, input.id))!);
}

export async function assignTicket(ctx: AuthedContext, input: AssignTicketInput): Promise<TicketView> {
  const at = ctx.clock.now();
  await audited(ctx, { resourceType: 'ticket', resourceId: input.id, siteId: await siteOf(ctx, input.id) }, async (tx) => {
    const r = await live(ctx, tx, input.id, input.version);
    if (r.status === 'closed') throw new DomainError('invalid', { code: 'tickets.closedNoReassign' });
    if (r.assignee_id === input.assigneeId) throw new DomainError('conflict', input.assigneeId ? { code: 'tickets.alreadyAssigned', params: { assignee: String(r.assignee) } } : { code: 'tickets.noAssignee' });
    const email = input.assigneeId ? await checkAssignee(tx, input.assigneeId) : null;
    await tx.query('UPDATE ops.tickets SET assignee_id = $2, version = version + 1 WHERE id = $1', [r.id, input.assigneeId]);
    await addCaseEvent(tx, { caseType: 'ticket', caseId: r.id, kind: input.assigneeId ? 'assignment' : 'released', details: { assigneeId: input.assigneeId, assignee: email, before: r.assignee }, actorId: ctx.user.id, at });
    return { result: null, oldValues: { assigneeId: r.assignee_id }, newValues: { assigneeId: input.assigneeId } };
  });
  return ticketView((await ticketById(ctx.db, input.id))!);
}
