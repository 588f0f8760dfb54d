import { z } from 'zod';
import { own } from './errors/index.js';

// The status machines of every case type, in one place; migration 0007 mirrors each
// in a trigger, and a test checks the two agree pair by pair.

export type Machine<S extends string> = Readonly<Record<S, readonly S[]>>;
export const canMove = <S extends string>(m: Machine<S>, from: S, to: S): boolean => m[from].includes(to);

export const IncidentStatus = z.enum(['new', 'assigned', 'en_route', 'on_scene', 'resolved', 'closed', 'cancelled']);
export type IncidentStatus = z.infer<typeof IncidentStatus>;
/**
 * new → assigned → en_route → on_scene → resolved → closed, or cancelled before it is
 * resolved. Releasing every resource takes an incident back a step (assigned → new,
 * en_route → assigned); a resolved incident may be reopened on scene.
 */
export const INCIDENT_TRANSITIONS: Machine<IncidentStatus> = {
  new: ['assigned', 'cancelled'],
  assigned: ['en_route', 'new', 'cancelled'],
  en_route: ['on_scene', 'assigned', 'cancelled'],
  on_scene: ['resolved', 'cancelled'],
  resolved: ['closed', 'on_scene'],
  closed: [],
  cancelled: [],
};
export const incidentOpen = (s: IncidentStatus) => s !== 'closed' && s !== 'cancelled';

export const RequestStatus = z.enum(['open', 'in_progress', 'closed']);
export type RequestStatus = z.infer<typeof RequestStatus>;
export const REQUEST_TRANSITIONS: Machine<RequestStatus> = {
  open: ['in_progress', 'closed'],
  in_progress: ['open', 'closed'],
  closed: ['open'],
};

export const ReportStatus = z.enum(['new', 'under_review', 'assigned', 'in_progress', 'resolved', 'closed', 'rejected']);
export type ReportStatus = z.infer<typeof ReportStatus>;
export const REPORT_TRANSITIONS: Machine<ReportStatus> = {
  new: ['under_review', 'rejected'],
  under_review: ['assigned', 'rejected'],
  assigned: ['in_progress'],
  in_progress: ['resolved'],
  resolved: ['closed', 'in_progress'],
  closed: [],
  rejected: [],
};

export const TicketStatus = z.enum(['open', 'in_progress', 'resolved', 'closed']);
export type TicketStatus = z.infer<typeof TicketStatus>;
export const TICKET_TRANSITIONS: Machine<TicketStatus> = {
  open: ['in_progress', 'resolved', 'closed'],
  in_progress: ['open', 'resolved'],
  resolved: ['closed', 'in_progress'],
  closed: [],
};

export const CaseType = z.enum(['incident', 'service_request', 'report', 'ticket']);
export type CaseType = z.infer<typeof CaseType>;
export const Visibility = z.enum(['public', 'internal']);
export type Visibility = z.infer<typeof Visibility>;

/** One entry of a case's timeline. */
export const CaseEvent = z.object({
  id: z.number(),
  kind: z.enum(['created', 'status', 'assignment', 'released', 'comment', 'link', 'priority', 'imported', 'corrected']),
  visibility: Visibility,
  body: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
  actor: z.string().nullable(),
  at: z.string(),
});
export type CaseEvent = z.infer<typeof CaseEvent>;

export const CommentInput = z.object({
  caseType: CaseType,
  caseId: z.string().uuid(),
  body: z.string().trim().min(1, own('input.comment')).max(10_000),
  visibility: Visibility,
});
export type CommentInput = z.infer<typeof CommentInput>;
