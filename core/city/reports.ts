// Public report changes. An update carries a status change, a message for the public
// and/or notes for staff: each its own timeline entry with its own visibility.
import { audited } from '../audit/write.js';
import { staleWrite } from '../audit/last-change.js';
import { addCaseEvent } from '../cases/timeline.js';
import { canMove, REPORT_TRANSITIONS, ReportInput, type ReportView, type UpdateReportInput } from '../contract/index.js';
import { DomainError } from '../errors.js';
import type { AuthedContext } from '../trpc.js';
import { sealContact } from './requests.js';
import { refusedMove, reportById, reportView } from './rows.js';
import { mustBeNear } from '../org/near.js';

export async function createReport(ctx: AuthedContext, raw: ReportInput): Promise<ReportView> {
  const input = ReportInput.parse(raw);
  const at = ctx.clock.now();
  const reporter = sealContact(ctx, input.reporter);
  const id = await audited(ctx, { resourceType: 'report', siteId: input.siteId, lat: input.lat, lon: input.lon }, async (tx) => {
    if (!input.confirmFar) await mustBeNear(tx, input.siteId, input);
    const [row] = await tx.query<{ id: string }>(
      `INSERT INTO city.public_reports (site_id, report_type, title, description, lat, lon, address, landmark, priority, severity, reporter_enc, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12) RETURNING id`,
      [input.siteId, input.reportType, input.title, input.description, input.lat, input.lon, input.address ?? null, input.landmark ?? null,
        input.priority, input.severity ?? null, reporter, at]);
    await addCaseEvent(tx, { caseType: 'report', caseId: row!.id, kind: 'created', visibility: 'public', details: { reportType: input.reportType }, actorId: ctx.user.id, at });
    return { result: row!.id, resourceId: row!.id, newValues: { ...input, reporter: input.reporter ? '[set]' : null } };
  });
  return reportView((await reportById(ctx.db, id))!);
}

export async function updateReport(ctx: AuthedContext, input: UpdateReportInput): Promise<ReportView> {
  const at = ctx.clock.now();
  const [probe] = await ctx.db.query<{ site_id: string; lat: number; lon: number }>('SELECT site_id, lat, lon FROM city.public_reports WHERE id = $1', [input.id]);
  if (!probe) throw new DomainError('not_found', { code: 'city.noSuchReport' });
  await audited(ctx, { resourceType: 'report', resourceId: input.id, siteId: probe.site_id, lat: probe.lat, lon: probe.lon }, async (tx) => {
    const r = await reportById(tx, input.id, true);
    if (!r) throw new DomainError('not_found', { code: 'city.noSuchReport' });
    if (input.version !== undefined && input.version !== r.version) {
      throw await staleWrite(tx, 'report', r.id, 'The report', r.status.replace('_', ' '));
    }
    const to = input.status && input.status !== r.status ? input.status : null;
    if (input.status && !to && !input.publicMessage && !input.internalNote && !input.assignedDepartment) {
      throw new DomainError('conflict', { code: 'city.reportAlready', params: { status: r.status.replace('_', ' ') } });
    }
    if (to && !canMove(REPORT_TRANSITIONS, r.status, to)) throw new DomainError('invalid', refusedMove('report', r.status, to, REPORT_TRANSITIONS[r.status]));
    await tx.query(
      `UPDATE city.public_reports SET status = $2, assigned_department = coalesce($3, assigned_department),
         resolved_at = CASE WHEN $2 = 'resolved' THEN $4::timestamptz WHEN $2 IN ('new', 'under_review', 'assigned', 'in_progress') THEN NULL ELSE resolved_at END,
         version = version + 1 WHERE id = $1`,
      [r.id, to ?? r.status, input.assignedDepartment ?? null, at]);
    const event = (e: Omit<Parameters<typeof addCaseEvent>[1], 'caseType' | 'caseId' | 'actorId' | 'at'>) =>
      addCaseEvent(tx, { caseType: 'report', caseId: r.id, actorId: ctx.user.id, at, ...e });
    if (to) await event({ kind: 'status', visibility: 'public', details: { from: r.status, to } });
    if (input.assignedDepartment) await event({ kind: 'assignment', visibility: 'internal', details: { department: input.assignedDepartment } });
    if (input.publicMessage) await event({ kind: 'comment', visibility: 'public', body: input.publicMessage });
    if (input.internalNote) await event({ kind: 'comment', visibility: 'internal', body: input.internalNote });
    return {
      result: null, oldValues: { status: r.status, assignedDepartment: r.assigned_department },
      newValues: { status: to ?? r.status, assignedDepartment: input.assignedDepartment ?? r.assigned_department, publicMessage: input.publicMessage ?? null, internalNote: input.internalNote ? '[set]' : null },
    };
  });
  return reportView((await reportById(ctx.db, input.id))!);
}
