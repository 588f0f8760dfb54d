import { z } from 'zod';
import {
  CommandInput, LocalSiteInput, VehicleLogInput, type CommandView, type ErrorFrequency, type FieldMode, type VehicleLogs, type VehicleLogView, type VehicleServiceView,
} from '../contract/index.js';
import { changesOf } from '../changes/kinds.js';
import { DomainError } from '../errors.js';
import { access, router, type AuthedContext } from '../trpc.js';
import { errorFrequency } from './diagnostics.js';
import type { ServiceDesk } from './desk.js';
import { createLocalSite } from './local-site.js';
import { addLog, listLogs, photoData } from './logs.js';
import { downloadTickets, syncToCentral } from './sync-run.js';
import { own } from '../contract/errors/index.js';

const desk = (ctx: AuthedContext): ServiceDesk => {
  if (!ctx.desk) throw new DomainError('unavailable', { code: 'field.serviceOff' });
  return ctx.desk;
};
const id = z.string().uuid();
/** The central console as it printed its URL (with its access token), and the caller's password there. */
const CentralSignIn = z.object({
  centralUrl: z.string().trim().regex(/^https?:\/\/.+[?&]token=/, own('input.centralUrl')).max(2000),
  password: z.string().min(1, own('input.centralPassword')).max(1000),
  totp: z.string().regex(/^\d{6}$/, own('input.sixDigits')).optional(),
});

export const fieldRouter = router({
  /** Whether this console was started for field work (--field), and on which vehicle. */
  mode: access('authenticated').input(z.void()).query(({ ctx }): FieldMode => ({ field: ctx.config.field === true, vehicle: ctx.config.fieldVehicle ?? null })),

  /** Everything a service engineer reads of one vehicle beyond the map: safety, order and action states, commands, episodes. */
  service: access('fleet:read').input(z.object({ vehicleId: id })).query(({ ctx, input }): Promise<VehicleServiceView> => desk(ctx).view(ctx, input.vehicleId)),

  /** The vehicles whose commands or maintenance log changed, here or on another console (a change names its vehicle only). */
  onServiceChanged: access('fleet:read').input(z.void()).subscription(({ ctx, signal }) => changesOf(ctx.bus, ['vehicle_service'], signal)),

  /** Sends an instant action with a reason (or keeps it for a second person); see ServiceDesk. */
  command: access('fleet:command').input(CommandInput).mutation(({ ctx, input }): Promise<CommandView> => desk(ctx).request(ctx, input)),

  /** A second person confirms a command under the two-person rule. */
  confirm: access('fleet:command')
    .input(z.object({ commandId: id, timeoutSeconds: z.number().int().min(1).max(300).default(15) }))
    .mutation(({ ctx, input }): Promise<CommandView> => desk(ctx).confirm(ctx, input.commandId, input.timeoutSeconds)),

  /** Error episodes per type over a span of hours ending now. */
  errorFrequency: access('fleet:read')
    .input(z.object({ vehicleId: id, hours: z.number().int().min(1).max(24 * 366).default(24 * 7) }))
    .query(({ ctx, input }): Promise<ErrorFrequency[]> => {
      const to = ctx.clock.now();
      return errorFrequency(ctx.db, input.vehicleId, new Date(to.getTime() - input.hours * 3_600_000), new Date(to.getTime() + 1));
    }),

  logs: access('fleet:read').input(z.object({ vehicleId: id })).query(({ ctx, input }): Promise<VehicleLogs> => listLogs(ctx.db, input.vehicleId)),
  addLog: access('fleet:manage').input(VehicleLogInput).mutation(({ ctx, input }): Promise<VehicleLogView> => addLog(ctx, input)),
  photo: access('fleet:read').input(z.object({ id })).query(({ ctx, input }) => photoData(ctx.db, input.id)),

  /** Pushes this laptop's work (tickets, maintenance log, commands, audit chain) to the central console, signed in there as the caller. */
  sync: access('fleet:manage')
    .input(CentralSignIn.extend({ decisions: z.record(z.string().uuid(), z.enum(['keep_central', 'take_laptop'])).default({}) }))
    .mutation(({ ctx, input }) => syncToCentral(ctx, input)),

  /** Before going out: takes the central tickets assigned to the caller and those of this vehicle. */
  download: access('fleet:manage')
    .input(CentralSignIn.extend({ vehicleId: id.nullable().default(null) }))
    .mutation(({ ctx, input }) => downloadTickets(ctx, input)),

  /** Places a robot's map frame no site knows: a local site at the origin the technician gives. */
  localSite: access('fleet:manage').input(LocalSiteInput).mutation(({ ctx, input }) => createLocalSite(ctx, input)),
});
