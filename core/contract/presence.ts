import { z } from 'zod';
import { coded, own } from './errors/index.js';

/** What an operator has open: a view, and the case in it if any. */
export const PresenceInput = z.object({
  view: z.string().min(1).max(50).regex(/^[a-z][a-z0-9-]*$/, own('input.viewName')),
  caseType: z.enum(['incident', 'service_request', 'report', 'ticket', 'mission']).nullable().default(null),
  caseId: z.string().uuid().nullable().default(null),
  /** True while they have unsaved edits in that case. */
  editing: z.boolean().default(false),
}).refine((p) => (p.caseType === null) === (p.caseId === null), coded('system.presenceCase'));
export type PresenceInput = z.input<typeof PresenceInput>;

/** One signed-in person as the others see them. */
export const PresenceView = z.object({
  userId: z.string(),
  name: z.string(),
  roles: z.array(z.string()),
  console: z.string(),
  view: z.string(),
  caseType: z.string().nullable(),
  caseId: z.string().nullable(),
  editing: z.boolean(),
  seenAt: z.string(),
  /** This is the caller's own session. */
  self: z.boolean(),
});
export type PresenceView = z.infer<typeof PresenceView>;
