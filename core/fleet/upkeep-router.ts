import { z } from 'zod';
import { access, router } from '../trpc.js';
import { decommissionVehicle, renameVehicle, returnToService, startMaintenance } from './upkeep.js';
import { own } from '../contract/errors/index.js';

const id = z.string().uuid();
const reason = z.string().trim().min(3, own('input.reason')).max(500);

/** Vehicle records people keep (fleet:manage); the live fleet and commands are in the fleet router. */
export const vehiclesRouter = router({
  rename: access('fleet:manage').input(z.object({ id, name: z.string().trim().min(1, own('input.vehicleName')).max(100) }))
    .mutation(({ ctx, input }) => renameVehicle(ctx, input)),
  /** With a ticket linked, or one opened about the vehicle (openTicket, needs tickets:manage). */
  startMaintenance: access('fleet:manage').input(z.object({ id, reason, ticketId: id.optional(), openTicket: z.boolean().optional() })).mutation(({ ctx, input }) => startMaintenance(ctx, input)),
  returnToService: access('fleet:manage').input(z.object({ id, note: reason })).mutation(({ ctx, input }) => returnToService(ctx, input)),
  decommission: access('fleet:manage').input(z.object({ id, reason })).mutation(({ ctx, input }) => decommissionVehicle(ctx, input)),
});
