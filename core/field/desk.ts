// Commands a person sends one vehicle, held to the safety rules: the permission, a reason,
// the audit log, a confirmation naming the transport it would disturb, a second person
// for the risky ones, nothing the factsheet rules out, and each command's life followed.
import { randomUUID } from 'node:crypto';
import type { Db } from '../../db/index.js';
import { appendAudit } from '../audit/store.js';
import { audited, entryFor, record, type Actor } from '../audit/write.js';
import type { Clock } from '../clock.js';
import {
  DISTURBING, SECOND_PERSON_MS, SERVICE_COMMANDS, supportsInstant, type CommandInput, type CommandView, type OrderAction, type ServiceCommand, type VehicleServiceView, type VehicleLive,
} from '../contract/index.js';
import { DomainError } from '../errors.js';
import { ActionTimeout, notConfirmed, type VdaCommands } from '../fleet/commands.js';
import type { Fleet } from '../fleet/fleet.js';
import type { Ingest } from '../fleet/ingest.js';
import type { Logger } from '../logger.js';
import { repeat } from '../repeat.js';
import { getCommand, listCommands, runningTransport, transportText, type CommandRow } from './commands-store.js';
import { Diagnostics, listEpisodes, type VdaServiceState } from './diagnostics.js';

type Parsed = Required<Pick<CommandInput, 'vehicleId' | 'actionType' | 'reason' | 'confirmDisturb' | 'timeoutSeconds'>> & Pick<CommandInput, 'position'>;

export class ServiceDesk {
  readonly diagnostics: Diagnostics;
  private stopExpiry = () => {};
  /** Commands on their way, so stop() can wait for their last write. */
  private readonly inFlight = new Set<Promise<unknown>>();

  private off = () => {};

  constructor(private readonly deps: { db: Db; clock: Clock; fleet: Fleet; vda: VdaCommands; ingest: Ingest | null; log: Logger }) {
    this.diagnostics = new Diagnostics({ db: deps.db, clock: deps.clock, log: deps.log });
  }

  async start(): Promise<void> {
    await this.diagnostics.start();
    this.off = this.deps.ingest?.onState((id, s) => this.diagnostics.onState(id, s as VdaServiceState)) ?? (() => {});
    this.stopExpiry = repeat(5000, () => this.expireDue(), (err) => this.deps.log.error('command expiry failed', { err: err.message }));
  }

  async stop(): Promise<void> {
    this.stopExpiry();
    this.off();
    await Promise.allSettled([...this.inFlight]);
    await this.diagnostics.stop();
  }

  private vehicle(id: string): VehicleLive {
    const v = this.deps.fleet.vehicles.get(id);
    if (!v) throw new DomainError('not_found', { code: 'fleet.noSuchVehicle' });
    return v;
  }

  /** Commands the factsheet lets this vehicle take. */
  offered(v: VehicleLive): ServiceCommand[] {
    const f = this.deps.fleet.factsheets.get(v.id);
    return SERVICE_COMMANDS.filter((c) => supportsInstant(f, c));
  }

  /** Why a command needs a second person now, or null. */
  secondPersonWhy(v: VehicleLive, actionType: ServiceCommand): string | null {
    if (actionType === 'initPosition') return 'Setting the position moves where the vehicle believes it is: a second person confirms it.';
    if (actionType === 'stopPause' && (this.diagnostics.eStopSinceResume(v.id) || this.diagnostics.eStopNow(v.id))) {
      return 'The vehicle reported an emergency stop: resuming needs a second person to confirm.';
    }
    return null;
  }

  async view(ctx: Actor, vehicleId: string): Promise<VehicleServiceView> {
    const v = this.vehicle(vehicleId);
    await this.expireDue();
    const [transport, commands, episodes] = await Promise.all([runningTransport(ctx.db, v.id), listCommands(ctx.db, v.id), listEpisodes(ctx.db, v.id, 50)]);
    const offered = this.offered(v);
    return {
      state: this.diagnostics.state(v.id), offered,
      secondPerson: offered.flatMap((c) => { const why = this.secondPersonWhy(v, c); return why ? [{ actionType: c, why }] : []; }),
      transport: transport && { missionId: transport.missionId, resident: transport.resident, status: transport.status }, commands, episodes,
    };
  }

  /** Asks for a command: sent at once, or kept for a second person to confirm within 2 minutes. */
  async request(ctx: Actor, input: Parsed): Promise<CommandView> {
    const v = this.vehicle(input.vehicleId);
    const now = ctx.clock.now();
    const second = this.secondPersonWhy(v, input.actionType);
    const actionId = `${input.actionType}-${randomUUID()}`;
    const parameters = parametersOf(input);
    const id = await audited(ctx, { resourceType: 'vehicle', resourceId: v.id, lat: v.lat, lon: v.lon }, async (tx) => {
      if (v.isNew) throw notConfirmed(v.name);
      if (!this.offered(v).includes(input.actionType)) {
        throw new DomainError('conflict', { code: 'fleet.actionNotSupported', params: { name: v.name, actionType: input.actionType } }, 'actionType');
      }
      const transport = DISTURBING.includes(input.actionType) ? await runningTransport(tx, v.id) : null;
      if (transport && !input.confirmDisturb) {
        throw new DomainError('conflict', { code: 'field.actionDisturbs', params: { actionType: input.actionType, transport: transportText(transport) } }, 'confirmDisturb');
      }
      const [row] = await tx.query<{ id: string }>(
        `INSERT INTO fleet.vehicle_commands (vehicle_id, action_type, action_id, parameters, reason, status, mission_id, requested_by, requested_at, expires_at, sent_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
        [v.id, input.actionType, actionId, JSON.stringify(parameters), input.reason, second ? 'awaiting_confirmation' : 'sent', transport?.missionId ?? null,
          ctx.user.id, now.toISOString(), second ? new Date(now.getTime() + SECOND_PERSON_MS).toISOString() : null, second ? null : now.toISOString()]);
      return {
        result: row!.id, resourceId: v.id,
        newValues: { commandId: row!.id, actionType: input.actionType, actionId, parameters, reason: input.reason, missionId: transport?.missionId ?? null, awaitingSecondPerson: Boolean(second) },
      };
    });
    if (!second) this.send(ctx, id, v, input.actionType, actionId, parameters, input.timeoutSeconds);
    return (await getCommand(ctx.db, id))!;
  }

  /** A second signed-in person with fleet:command confirms a command someone else asked for; it is sent then. */
  async confirm(ctx: Actor, commandId: string, timeoutSeconds = 15): Promise<CommandView> {
    await this.expireDue();
    const now = ctx.clock.now();
    const row = await audited(ctx, { resourceType: 'vehicle_command', resourceId: commandId }, async (tx) => {
      const [r] = await tx.query<CommandRow>('SELECT * FROM fleet.vehicle_commands WHERE id = $1 FOR UPDATE', [commandId]);
      if (!r) throw new DomainError('not_found', { code: 'field.noSuchCommand' });
      if (r.status === 'expired') throw new DomainError('conflict', { code: 'field.commandExpired' });
      if (r.status !== 'awaiting_confirmation') throw new DomainError('conflict', { code: 'field.commandNotWaiting', params: { status: r.status.replace('_', ' ') } });
      if (r.requested_by === ctx.user.id) throw new DomainError('forbidden', { code: 'field.commandSelfConfirm' });
      await tx.query("UPDATE fleet.vehicle_commands SET status = 'sent', confirmed_by = $2, sent_at = $3 WHERE id = $1", [r.id, ctx.user.id, now.toISOString()]);
      return { result: r, resourceId: r.id, newValues: { actionType: r.action_type, actionId: r.action_id, vehicleId: r.vehicle_id, requestedBy: r.requested_by, reason: r.reason } };
    });
    this.send(ctx, row.id, this.vehicle(row.vehicle_id), row.action_type, row.action_id, row.parameters as OrderAction['actionParameters'], timeoutSeconds);
    return (await getCommand(ctx.db, row.id))!;
  }

  /** Follows a sent command until the vehicle says how it ended, or the time is up; each step is written, the end audited. */
  private send(ctx: Actor, id: string, v: VehicleLive, actionType: ServiceCommand, actionId: string, parameters: OrderAction['actionParameters'], timeoutSeconds: number): void {
    const { db, clock } = this.deps;
    let steps: Promise<unknown> = Promise.resolve();
    let acknowledged = false;
    // Each step's time is when the vehicle's answer arrived, not when the write got its turn.
    const step = (sql: string, args: unknown[], at = clock.now()) => (steps = steps.then(() => db.query(sql, [id, at.toISOString(), ...args])));
    const end = async (status: 'finished' | 'failed' | 'timed_out', detail: string | null) => {
      await step(`UPDATE fleet.vehicle_commands SET status = $3, detail = $4, ended_at = $2, acknowledged_at = CASE WHEN $3 = 'timed_out' THEN acknowledged_at ELSE coalesce(acknowledged_at, $2) END
                  WHERE id = $1 AND status IN ('sent', 'acknowledged')`, [status, detail]);
      if (status === 'finished' && actionType === 'stopPause') this.diagnostics.resumed(v.id);
      await record(ctx, { resourceType: 'vehicle_command', resourceId: id, action: 'field.command_ended' }, status === 'finished' ? 'success' : 'failed',
        { newValues: { vehicleId: v.id, actionType, actionId, status }, reason: detail });
    };
    const life = this.deps.vda.instant(v, actionType, {
      actionId, parameters, timeoutMs: timeoutSeconds * 1000,
      onAcknowledged: () => {
        acknowledged = true;
        void step("UPDATE fleet.vehicle_commands SET status = 'acknowledged', acknowledged_at = $2 WHERE id = $1 AND status = 'sent'", []);
      },
    }).then(
      () => end('finished', null),
      (err: Error) => err instanceof ActionTimeout
        ? end('timed_out', acknowledged
          ? `${v.name} acknowledged ${actionType} but did not report it finished within ${timeoutSeconds} s. Check the vehicle before trying again.`
          : `${v.name} did not acknowledge ${actionType} within ${timeoutSeconds} s: it may be offline or not reading instant actions. Whether it acted is not known.`)
        : end('failed', err.message),
    ).catch((err: unknown) => this.deps.log.error('a command outcome was not written', { err: (err as Error).message }))
      .finally(() => this.inFlight.delete(life));
    this.inFlight.add(life);
  }

  /** Commands nobody confirmed within 2 minutes expire, each audited. */
  async expireDue(): Promise<number> {
    const now = this.deps.clock.now();
    return this.deps.db.transaction(async (tx) => {
      const rows = await tx.query<{ id: string; vehicle_id: string; action_type: string }>(
        `UPDATE fleet.vehicle_commands SET status = 'expired', ended_at = expires_at, detail = 'Nobody confirmed it within 2 minutes; it was not sent.'
         WHERE status = 'awaiting_confirmation' AND expires_at <= $1 RETURNING id, vehicle_id, action_type`, [now.toISOString()]);
      for (const r of rows) {
        await appendAudit(tx, entryFor({ user: null, requestId: 'expiry', path: 'field.expireCommand' }, { resourceType: 'vehicle_command', resourceId: r.id }, 'failed',
          { newValues: { vehicleId: r.vehicle_id, actionType: r.action_type, status: 'expired' }, reason: 'no second person within 2 minutes' }), now);
      }
      return rows.length;
    });
  }
}

/** initPosition carries the picked point as VDA 5050 names its parameters; logReport says why. */
function parametersOf(input: Parsed): OrderAction['actionParameters'] {
  if (input.actionType === 'initPosition' && input.position) {
    const p = input.position;
    return [{ key: 'x', value: p.x }, { key: 'y', value: p.y }, { key: 'theta', value: p.theta }, { key: 'mapId', value: p.mapId }, { key: 'lastNodeId', value: p.lastNodeId ?? '' }];
  }
  if (input.actionType === 'logReport') return [{ key: 'reason', value: input.reason }];
  return [];
}
