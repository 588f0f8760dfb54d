// Field sync as the central console serves it, over its host's HTTP endpoint (core/host/api.ts)
// to a technician signed in there: the same sessions and permissions as every other call.
import { z } from 'zod';
import { access, router } from '../trpc.js';
import { receiveAudit, receiveRecord, syncStart } from './central.js';
import { ticketsToTake } from './central-tickets.js';
import { ChainLinkInput, DecisionInput, FieldRecord, Source, VehicleRef } from './sync-records.js';

export const fieldSyncRouter = router({
  /** Where this laptop's push stands: its chain's last entry received, and which records arrived. */
  start: access('fleet:manage').input(z.object({ source: Source })).mutation(({ ctx, input }) => syncStart(ctx, input.source)),
  /** The next entries of the laptop's audit chain (at most 500 at a time). */
  audit: access('fleet:manage')
    .input(z.object({ source: Source, entries: z.array(ChainLinkInput).min(1).max(500) }))
    .mutation(({ ctx, input }) => receiveAudit(ctx, input.source, input.entries)),
  /** One record (ticket, log entry, command), with the technician's decision if it was a conflict. */
  record: access('fleet:manage')
    .input(z.object({ source: Source, record: FieldRecord, decision: DecisionInput.nullable().default(null) }))
    .mutation(({ ctx, input }) => receiveRecord(ctx, input.source, input.record, input.decision)),
  /** Tickets to take out: the open ones assigned to the caller, and those of these vehicles. */
  tickets: access('tickets:read')
    .input(z.object({ source: Source, vehicles: z.array(VehicleRef.omit({ name: true })).max(50) }))
    .mutation(({ ctx, input }) => ticketsToTake(ctx, input.source, input.vehicles)),
});
