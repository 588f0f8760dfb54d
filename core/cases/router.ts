import { z } from 'zod';
import { CaseCorrection, CaseType, CommentInput, type CaseEvent } from '../contract/index.js';
import { audited } from '../audit/write.js';
import { DomainError } from '../errors.js';
import { access, needs, router, type AuthedContext } from '../trpc.js';
import { addCaseEvent, caseSite, caseTimeline } from './timeline.js';
import { correctCase } from './corrections.js';
import { mustSee } from '../org/site-access.js';

const Correction = CaseCorrection.omit({ type: true });

/** Who may read and who may write on each case type's timeline. */
const PERMISSIONS: Record<CaseType, { read: string; write: string }> = {
  incident: { read: 'incidents:read', write: 'incidents:manage' },
  service_request: { read: 'city:read', write: 'city:manage' },
  report: { read: 'city:read', write: 'city:manage' },
  ticket: { read: 'tickets:read', write: 'tickets:manage' },
};

export async function addComment(asked: AuthedContext, input: CommentInput): Promise<CaseEvent> {
  const ctx = needs(asked, PERMISSIONS[input.caseType].write);
  if (input.caseType === 'ticket' && input.visibility === 'public') throw new DomainError('invalid', { code: 'cases.ticketCommentsInternal' });
  const event = await audited(ctx, { resourceType: input.caseType, resourceId: input.caseId, action: 'cases.comment' }, async (tx) => {
    const siteId = await caseSite(tx, input.caseType, input.caseId);
    await addCaseEvent(tx, { caseType: input.caseType, caseId: input.caseId, kind: 'comment', visibility: input.visibility, body: input.body, actorId: ctx.user.id, at: ctx.clock.now() });
    const timeline = await caseTimeline(tx, input.caseType, input.caseId);
    // The comment text is in the timeline; the audit keeps that one was made, and where.
    return { result: timeline[timeline.length - 1]!, newValues: { visibility: input.visibility, siteId } };
  });
  return event;
}

export const casesRouter = router({
  /** The whole timeline, internal entries included: for staff who may read the case. */
  timeline: access('authenticated').input(z.object({ caseType: CaseType, caseId: z.string().uuid() })).query(async ({ ctx, input }) => {
    needs(ctx, PERMISSIONS[input.caseType].read);
    mustSee(ctx, { siteId: await caseSite(ctx.db, input.caseType, input.caseId) }, input.caseType.replace('_', ' '));
    return caseTimeline(ctx.db, input.caseType, input.caseId);
  }),
  comment: access('authenticated').input(CommentInput).mutation(({ ctx, input }) => addComment(ctx, input)),
  /** Corrections (priority, title, category, location; an incident's agency and parent), each type with its own permission. */
  correctIncident: access('incidents:manage').input(Correction).mutation(({ ctx, input }) => correctCase(ctx, { ...input, type: 'incident' })),
  correctRequest: access('city:manage').input(Correction).mutation(({ ctx, input }) => correctCase(ctx, { ...input, type: 'service_request' })),
  correctReport: access('city:manage').input(Correction).mutation(({ ctx, input }) => correctCase(ctx, { ...input, type: 'report' })),
  correctMission: access('missions:dispatch').input(Correction).mutation(({ ctx, input }) => correctCase(ctx, { ...input, type: 'mission' })),
});
