// Runs missions on vehicles over VDA 5050: the order along the path graph (pick at the
// pick-up, drop at the drop-off), progress back from the vehicle as timeline events and
// status changes, cancel/pause/resume as instant actions, and missions at risk when
// their vehicle fails or drops out.
import type { Db } from '../../db/index.js';
import type { Bus } from '../bus.js';
import type { Clock } from '../clock.js';
import { distance, nearestNode, orderAlong, routeThrough, type OrderAction, type VehicleLive } from '../contract/index.js';
import { DomainError } from '../errors.js';
import type { Fleet } from '../fleet/fleet.js';
import type { Ingest } from '../fleet/ingest.js';
import type { Logger } from '../logger.js';
import { addEvent, graphOf, missionById, type MissionRow } from './store.js';

/** Orders Watchfloor sends for missions carry this prefix; any other order on a vehicle is someone else's. */
export const MISSION_ORDER_PREFIX = 'wf-';
const ACTION_SECONDS = 5;

const action = (id: string, actionType: string, params: OrderAction['actionParameters'] = []): OrderAction =>
  ({ actionId: id, actionType, blockingType: 'HARD', actionParameters: params });

export class MissionRunner {
  /** Active missions by vehicle, for noticing a vehicle in trouble. */
  private readonly byVehicle = new Map<string, string>();
  private off = () => {};

  constructor(private readonly deps: { db: Db; fleet: Fleet; ingest: Ingest | null; bus: Bus; clock: Clock; log: Logger }) {}

  async start(): Promise<void> {
    // A mission that was running when the console stopped is no longer followed: say so, so an operator acts.
    const cause = 'Watchfloor restarted while this mission ran; its progress is no longer followed (reassign it, to the same vehicle if fine, or cancel it)';
    const rows = await this.deps.db.transaction(async (tx) => {
      const rows = await tx.query<{ id: string; vehicle_id: string }>(
        "UPDATE fleet.missions SET at_risk = $1 WHERE status IN ('assigned', 'in_progress') AND vehicle_id IS NOT NULL AND at_risk IS NULL RETURNING id, vehicle_id", [cause]);
      for (const r of rows) await addEvent(tx, { missionId: r.id, type: 'at_risk', vehicleId: r.vehicle_id, details: { cause }, at: this.deps.clock.now() });
      return rows;
    });
    for (const r of rows) this.byVehicle.set(r.vehicle_id, r.id);
    this.off = this.deps.bus.on('fleet.vehicle', (v) => this.watch(v));
  }

  stop(): void {
    this.off();
  }

  private get master() {
    const m = this.deps.ingest?.master;
    if (!m) throw new DomainError('unavailable', 'There is no connection to the vehicles (MQTT broker) right now.');
    return m;
  }

  private agv(vehicleId: string) {
    const v = this.deps.fleet.vehicles.get(vehicleId);
    if (!v) throw new DomainError('not_found', 'No such vehicle.');
    return v;
  }

  /** Progress and status written by the vehicle's reports (no user: actor null). */
  private async progress(m: MissionRow, type: string, status: { to: string; from: string[]; set?: string } | null, details: object = {}): Promise<void> {
    const at = this.deps.clock.now();
    await this.deps.db.transaction(async (tx) => {
      if (status) {
        const params: unknown[] = [m.id, status.to, status.from, m.vehicle_id];
        if (status.set) params.push(at.toISOString());
        const done = await tx.query(
          `UPDATE fleet.missions SET status = $2, version = version + 1${status.set ? `, ${status.set} = $5` : ''}
           WHERE id = $1 AND status = ANY($3::text[]) AND vehicle_id = $4 RETURNING id`,
          params,
        );
        if (!done.length) return;
      }
      await addEvent(tx, { missionId: m.id, type, vehicleId: m.vehicle_id, details, at });
    });
    this.deps.bus.emit('missions.changed', { id: m.id });
  }

  /** Sends the mission's order to its vehicle, first ending any other order the vehicle is running. */
  async dispatch(missionId: string): Promise<void> {
    const m = (await missionById(this.deps.db, missionId))!;
    const master = this.master;
    this.byVehicle.set(m.vehicle_id!, m.id);
    const graph = await graphOf(this.deps.db, m.site_map_id);
    // Whatever the vehicle may still be running (another master's order, or this mission's order before a restart) ends first;
    // a vehicle with nothing to cancel says so, which is fine.
    const before = this.agv(m.vehicle_id!);
    if (before.orderId) await this.instant(before, 'cancelOrder', 15_000, ['noOrderToCancel']);
    // Where it stands now: the order starts at the node nearest to it, allowing for the way to that node.
    const v = this.agv(m.vehicle_id!);
    if (v.x === null || v.y === null) throw new DomainError('invalid', `${v.name} has not reported where it is.`);
    const start = nearestNode(graph, { x: v.x, y: v.y });
    const route = routeThrough(graph, [start.id, m.pickup_node, m.dropoff_node]);
    if (!route) throw new DomainError('invalid', `There is no route for ${v.name} to ${m.pickup} and on to ${m.dropoff}.`);
    const orderId = `${MISSION_ORDER_PREFIX}${m.id.slice(-12)}-${Date.now().toString(36)}`;
    const load = [{ key: 'loadType', value: 'wheelchair' }, { key: 'duration', value: ACTION_SECONDS }];
    const pick = action(`${orderId}-pick`, 'pick', load);
    const drop = action(`${orderId}-drop`, 'drop', load);
    const [, pickAt, dropAt] = route.stopIndex;
    const order = orderAlong(graph, route.nodes, orderId, new Map([[pickAt!, [pick]], [dropAt!, [drop]]]), Math.max(5, distance(start, { x: v.x, y: v.y }) + 1));
    await this.deps.db.query('UPDATE fleet.missions SET order_id = $2 WHERE id = $1', [m.id, orderId]);
    let started = false;
    const startedOnce = async () => {
      if (started) return;
      started = true;
      await this.progress(m, 'started', { to: 'in_progress', from: ['assigned'], set: 'started_at' }, { orderId, from: start.name ?? start.id, metres: Math.round(route.length) });
    };
    const guard = (work: () => Promise<void>) => void work().catch((err: unknown) => this.deps.log.error('mission progress failed', { mission: m.id, err: (err as Error).message }));
    await master.assignOrder({ manufacturer: v.manufacturer, serialNumber: v.serialNumber }, order as never, {
      onNodeTraversed: (node) => guard(async () => {
        const i = order.nodes.findIndex((n) => n.sequenceId === node.sequenceId);
        await startedOnce();
        if (i === pickAt) await this.progress(m, 'pickup_arrived', null, { node: node.nodeId });
        else if (i === dropAt) await this.progress(m, 'dropoff_arrived', null, { node: node.nodeId });
      }),
      onEdgeTraversing: () => guard(startedOnce),
      onActionStateChanged: (state, withError) => guard(async () => {
        if (withError || state.actionStatus !== 'FINISHED') return;
        if (state.actionId === pick.actionId) {
          await startedOnce();
          await this.progress(m, 'pickup_completed', null);
          await this.deps.db.query('UPDATE fleet.missions SET picked_up_at = $2 WHERE id = $1 AND picked_up_at IS NULL', [m.id, this.deps.clock.now().toISOString()]);
          await this.progress(m, 'in_transit', null, { to: m.dropoff });
        } else if (state.actionId === drop.actionId) await this.progress(m, 'dropoff_completed', null);
      }),
      onOrderProcessed: (withError, byCancelation) => guard(async () => {
        if (this.byVehicle.get(v.id) === m.id) this.byVehicle.delete(v.id);
        if (byCancelation) return; // the operator's cancel or a reassignment wrote the status
        if (withError) {
          await this.fail(m, `${v.name} reported: ${withError.errorDescription ?? withError.errorType}`);
          return;
        }
        await startedOnce();
        await this.progress(m, 'completed', { to: 'completed', from: ['in_progress'], set: 'completed_at' });
      }),
    });
  }

  private async fail(m: MissionRow, reason: string): Promise<void> {
    const at = this.deps.clock.now();
    await this.deps.db.transaction(async (tx) => {
      const done = await tx.query(
        "UPDATE fleet.missions SET status = 'failed', failure_reason = $2, version = version + 1 WHERE id = $1 AND status IN ('assigned', 'in_progress') RETURNING id",
        [m.id, reason]);
      if (done.length) await addEvent(tx, { missionId: m.id, type: 'failed', vehicleId: m.vehicle_id, details: { reason }, at });
    });
    this.deps.bus.emit('missions.changed', { id: m.id });
  }

  /** An instant action (cancelOrder, startPause, stopPause), resolved when the vehicle reports it finished. */
  async instant(v: VehicleLive, actionType: string, timeoutMs = 15_000, fine: string[] = []): Promise<void> {
    const master = this.master;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new DomainError('unavailable', `${v.name} did not confirm ${actionType} within ${timeoutMs / 1000} s.`)), timeoutMs);
      const done = (err?: Error) => (clearTimeout(timer), err ? reject(err) : resolve());
      master.initiateInstantActions({ manufacturer: v.manufacturer, serialNumber: v.serialNumber },
        { instantActions: [action(`${actionType}-${Date.now().toString(36)}`, actionType) as never] }, {
          onActionStateChanged: (s, withError) => {
            if (withError && fine.includes(withError.errorType)) done();
            else if (withError) done(new DomainError('conflict', `${v.name} refused ${actionType}: ${withError.errorDescription ?? withError.errorType}`));
            else if (s.actionStatus === 'FINISHED') done();
            else if (s.actionStatus === 'FAILED') done(new DomainError('conflict', `${v.name} could not ${actionType}.`));
          },
          onActionError: (e) => fine.includes(e.errorType) ? done() : done(new DomainError('conflict', `${v.name} refused ${actionType}: ${e.errorDescription ?? e.errorType}`)),
        }).catch((err: Error) => done(err));
    });
  }

  /** Marks the vehicle's active mission at risk when it goes offline or reports a fatal error (once per cause). */
  private watch(v: VehicleLive): void {
    const missionId = this.byVehicle.get(v.id);
    if (!missionId) return;
    const fatal = v.errors.find((e) => e.level === 'FATAL');
    const cause = v.status === 'offline' ? `${v.name} is offline` : fatal ? `${v.name} reports ${fatal.description ?? fatal.type}` : null;
    if (!cause) return;
    void this.deps.db.transaction(async (tx) => {
      const rows = await tx.query("UPDATE fleet.missions SET at_risk = $2 WHERE id = $1 AND status IN ('assigned', 'in_progress') AND at_risk IS DISTINCT FROM $2 RETURNING id", [missionId, cause]);
      if (rows.length) await addEvent(tx, { missionId, type: 'at_risk', vehicleId: v.id, details: { cause }, at: this.deps.clock.now() });
      return rows.length;
    }).then((n) => n && this.deps.bus.emit('missions.changed', { id: missionId }), (err: Error) => this.deps.log.error('marking a mission at risk failed', { err: err.message }));
  }

  /** The mission the vehicle is on, as this console follows it; null when none. */
  activeMission(vehicleId: string): string | null {
    return this.byVehicle.get(vehicleId) ?? null;
  }

  /** Forgets the vehicle's mission (cancelled, reassigned). */
  release(vehicleId: string, missionId: string): void {
    if (this.byVehicle.get(vehicleId) === missionId) this.byVehicle.delete(vehicleId);
  }
}
