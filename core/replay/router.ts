import { z } from 'zod';
import { REPLAY_EVENT_KINDS, REPLAY_MAX_SPAN_MS, ReplayEventsInput, ReplayStateInput } from '../contract/index.js';
import { DomainError } from '../errors.js';
import { access, router } from '../trpc.js';
import { eventsBetween } from './events.js';
import { readerOf, stateAt } from './state.js';
import { anchorOf } from './anchor.js';

/**
 * Read-only: replay has no mutations. Each part of the answer is there only for a user
 * holding its read permission (vehicles fleet:read, missions missions:read, …).
 */
export const replayRouter = router({
  state: access('authenticated').input(ReplayStateInput).query(({ ctx, input }) =>
    stateAt(ctx.db, input.siteId, new Date(input.at), input.trailMs, readerOf(ctx.user.permissions))),
  events: access('authenticated').input(ReplayEventsInput).query(({ ctx, input }) => {
    const from = new Date(input.from);
    const to = new Date(input.to);
    if (to <= from) throw new DomainError('invalid', { code: 'system.replaySpanOrder' }, 'to');
    if (to.getTime() - from.getTime() > REPLAY_MAX_SPAN_MS) throw new DomainError('invalid', { code: 'system.replaySpanMax' }, 'to');
    return eventsBetween(ctx.db, { siteId: input.siteId, from, to, limit: input.limit }, input.kinds ?? REPLAY_EVENT_KINDS, readerOf(ctx.user.permissions));
  }),
  /** When a thing happened, for "Replay around this": an incident, a mission, an alert or an audit entry. */
  anchor: access('authenticated')
    .input(z.object({ type: z.enum(['incident', 'mission', 'alert', 'audit']), id: z.string().min(1).max(100) }))
    .query(({ ctx, input }) => anchorOf(ctx.db, input.type, input.id, readerOf(ctx.user.permissions), ctx.clock.now())),
});
