import { z } from 'zod';
import { AssignTicketInput, SetTicketStatusInput, TicketFilter, TicketInput } from '../contract/index.js';
import { coalesced } from '../fleet/feed.js';
import { access, router } from '../trpc.js';
import { listTickets, ticketDetail } from './queries.js';
import { assignTicket, createTicket, setTicketStatus } from './service.js';
import { ticketAssignees } from './assignees.js';
import { mustSee, siteScope } from '../org/site-access.js';

export const ticketsRouter = router({
  list: access('tickets:read').input(TicketFilter).query(({ ctx, input }) => listTickets(ctx.db, { ...input, sites: siteScope(ctx, input.siteId) })),
  get: access('tickets:read').input(z.object({ id: z.string().uuid() })).query(async ({ ctx, input }) => {
    const d = await ticketDetail(ctx.db, input.id);
    mustSee(ctx, d.ticket, 'ticket');
    return d;
  }),
  create: access('tickets:manage').input(TicketInput).mutation(({ ctx, input }) => createTicket(ctx, input)),
  setStatus: access('tickets:manage').input(SetTicketStatusInput).mutation(({ ctx, input }) => setTicketStatus(ctx, input)),
  /** Whom a ticket can be assigned to: active users holding tickets:manage. */
  assignees: access('tickets:read').input(z.void()).query(({ ctx }) => ticketAssignees(ctx.db)),
  assign: access('tickets:manage').input(AssignTicketInput).mutation(({ ctx, input }) => assignTicket(ctx, input)),
  /** Which tickets changed (at most 5 times a second); views reload what they show. */
  onChanged: access('tickets:read').input(z.void()).subscription(({ ctx, signal }) =>
    coalesced<'ops.changed', { ids: string[] }>({
      bus: ctx.bus, event: 'ops.changed', key: (e) => `${e.kind}:${e.id}`, signal, intervalMs: 200,
      snapshot: () => ({ ids: [] }),
      delta: (changed) => ({ ids: changed.filter((c) => c.kind === 'ticket').map((c) => c.id) }),
    })),
});
