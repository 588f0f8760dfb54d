// Runs missions on vehicles over VDA 5050: the order along the path graph (pick at the
// pick-up, drop at the drop-off), progress judged from what the vehicle reports for that
// orderId only (timeline events and status changes), cancel/pause/resume as instant
// actions, and missions at risk when their vehicle fails or drops out.
import type { Db } from '../../db/index.js';
import type { Bus } from '../bus.js';
import type { Clock } from '../clock.js';
import { distance, nearestNode, orderAlong, routeThrough, type GraphOrder, type OrderAction, type VehicleLive } from '../contract/index.js';
import { DomainError } from '../errors.js';
import type { VdaCommands } from '../fleet/commands.js';
import type { Fleet } from '../fleet/fleet.js';
import type { Ingest } from '../fleet/ingest.js';
import { hasOpenOrder, orderProgress, type VdaOrderState } from '../fleet/vda-state.js';
import type { Logger } from '../logger.js';
import { nextSteps, type Step, type Stops } from './follow.js';
import { addEvent, graphOf, missionById, type MissionRow } from './store.js';

/** Orders Watchfloor sends for missions carry this prefix; any other order on a vehicle is someone else's. */
export const MISSION_ORDER_PREFIX = 'wf-';
const ACTION_SECONDS = 5;

const action = (id: string, actionType: string, params: OrderAction['actionParameters'] = []): OrderAction =>
  ({ actionId: id, actionType, blockingType: 'HARD', actionParameters: params });

/** A mission's order as this console follows it on its vehicle. */
interface Followed extends Stops {
  mission: MissionRow;
  order: GraphOrder;
  started: object;
  seen: Set<string>;
  /** The vehicle went offline while on it; its next state says whether it kept the order. */
  lost: boolean;
  /** Steps are written one after another. */
  chain: Promise<void>;
}

export class MissionRunner {
  /** Active missions by vehicle, for noticing a vehicle in trouble. */
  private readonly byVehicle = new Map<string, string>();
  private readonly following = new Map<string, Followed>();
  /** Each vehicle's last reported order state. */
  private readonly lastState = new Map<string, VdaOrderState>();
  private off = () => {};
  private offState = () => {};

  constructor(private readonly deps: { db: Db; fleet: Fleet; ingest: Ingest | null; commands: VdaCommands; bus: Bus; clock: Clock; log: Logger }) {}

  async start(): Promise<void> {
    this.off = this.deps.bus.on('fleet.vehicle', (v) => this.watch(v));
    this.offState = this.deps.ingest?.onState((id, s) => this.onState(id, s)) ?? (() => {});
  }

  /**
   * A running mission no console follows any more (the console that sent its order
   * stopped or was killed) is marked at risk, so an operator acts. Done by the console
   * that takes the `control` duty, for every mission it does not follow itself.
   */
  async adoptOrphans(): Promise<void> {
    const cause = 'Watchfloor restarted while this mission ran; its progress is no longer followed (reassign it, to the same vehicle if fine, or cancel it)';
    const mine = [...this.byVehicle.values()];
    const rows = await this.deps.db.transaction(async (tx) => {
      const rows = await tx.query<{ id: string; vehicle_id: string }>(
        `UPDATE fleet.missions SET at_risk = $1 WHERE status IN ('assigned', 'in_progress') AND vehicle_id IS NOT NULL AND at_risk IS NULL
           AND NOT (id = ANY ($2::uuid[])) RETURNING id, vehicle_id`, [cause, mine]);
      for (const r of rows) await addEvent(tx, { missionId: r.id, type: 'at_risk', vehicleId: r.vehicle_id, details: { cause }, at: this.deps.clock.now() });
      return rows;
    });
    for (const r of rows) if (!this.byVehicle.has(r.vehicle_id)) this.byVehicle.set(r.vehicle_id, r.id);
  }

  stop(): void {
    this.off();
    this.offState();
  }

  private agv(vehicleId: string) {
    const v = this.deps.fleet.vehicles.get(vehicleId);
    if (!v) throw new DomainError('not_found', { code: 'fleet.noSuchVehicle' });
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
  }

  /**
   * Sends the mission's order to its vehicle. A vehicle that reports an unfinished order
   * (another master's, or this mission's before a restart) is told to cancel it first.
   */
  async dispatch(missionId: string): Promise<void> {
    const m = (await missionById(this.deps.db, missionId))!;
    const before = this.agv(m.vehicle_id!);
    this.byVehicle.set(m.vehicle_id!, m.id);
    this.following.delete(before.id);
    const graph = await graphOf(this.deps.db, m.site_map_id);
    const last = this.lastState.get(before.id);
    if (last ? hasOpenOrder(last) : before.orderId) await this.instant(before, 'cancelOrder', 15_000, ['noOrderToCancel']);
    // Where it stands now: the order starts at the node nearest to it, allowing for the way to that node.
    const v = this.agv(m.vehicle_id!);
    if (v.x === null || v.y === null) throw new DomainError('invalid', { code: 'missions.vehicleNotLocated', params: { name: v.name } });
    const start = nearestNode(graph, { x: v.x, y: v.y });
    const route = routeThrough(graph, [start.id, m.pickup_node, m.dropoff_node]);
    if (!route) throw new DomainError('invalid', { code: 'missions.noRoute', params: { name: v.name, pickup: m.pickup, dropoff: m.dropoff } });
    // A new order always has a new orderId (so orderUpdateId starts at 0): nothing of an earlier order is joined to it.
    const orderId = `${MISSION_ORDER_PREFIX}${m.id.slice(-12)}-${Date.now().toString(36)}`;
    const load = [{ key: 'loadType', value: 'wheelchair' }, { key: 'duration', value: ACTION_SECONDS }];
    const pick = action(`${orderId}-pick`, 'pick', load);
    const drop = action(`${orderId}-drop`, 'drop', load);
    const [, pickAt, dropAt] = route.stopIndex;
    const order = orderAlong(graph, route.nodes, orderId, new Map([[pickAt!, [pick]], [dropAt!, [drop]]]), Math.max(5, distance(start, { x: v.x, y: v.y }) + 1));
    await this.deps.db.query('UPDATE fleet.missions SET order_id = $2 WHERE id = $1', [m.id, orderId]);
    const followed: Followed = {
      mission: m, order, pickAt: pickAt!, dropAt: dropAt!, pickId: pick.actionId, dropId: drop.actionId, seen: new Set(), lost: false,
      started: { orderId, from: start.name ?? start.id, metres: Math.round(route.length) }, chain: Promise.resolve(),
    };
    this.following.set(v.id, followed);
    try {
      await this.deps.commands.order(v, order);
    } catch (err) {
      if (this.following.get(v.id) === followed) this.following.delete(v.id);
      throw err;
    }
  }

  /** A state message: the followed order's progress, and whether a vehicle that dropped out kept its order. */
  private onState(vehicleId: string, s: VdaOrderState): void {
    this.lastState.set(vehicleId, s);
    const f = this.following.get(vehicleId);
    if (!f) return;
    const p = orderProgress(f.order, s);
    const steps = nextSteps(f, f.seen, p);
    if (f.lost) {
      f.lost = false;
      if (p.current) this.queue(f, () => this.recovered(f));
      else if (!steps.length) {
        this.forget(vehicleId, f);
        const v = this.deps.fleet.vehicles.get(vehicleId);
        const has = s.orderId ? `order ${s.orderId}` : 'no order';
        this.queue(f, () => this.atRisk(f.mission.id, vehicleId, `${v?.name ?? 'The vehicle'} came back with ${has}, not this mission's; reassign it (to the same vehicle if fine) or cancel it`));
        return;
      }
    }
    for (const step of steps) this.queue(f, () => this.apply(f, step));
  }

  private queue(f: Followed, work: () => Promise<void>): void {
    f.chain = f.chain.then(work).catch((err: unknown) => this.deps.log.error('mission progress failed', { mission: f.mission.id, err: (err as Error).message }));
  }

  private forget(vehicleId: string, f: Followed): void {
    if (this.following.get(vehicleId) === f) this.following.delete(vehicleId);
    if (this.byVehicle.get(vehicleId) === f.mission.id) this.byVehicle.delete(vehicleId);
  }

  private async apply(f: Followed, step: Step): Promise<void> {
    const m = f.mission;
    const v = this.deps.fleet.vehicles.get(m.vehicle_id!);
    if (typeof step === 'object') {
      this.forget(m.vehicle_id!, f);
      return this.fail(m, `${v?.name ?? 'The vehicle'} reported: ${step.failed}`);
    }
    switch (step) {
      case 'started':
        return this.progress(m, 'started', { to: 'in_progress', from: ['assigned'], set: 'started_at' }, f.started);
      case 'pickup_arrived':
        return this.progress(m, 'pickup_arrived', null, { node: f.order.nodes[f.pickAt]!.nodeId });
      case 'dropoff_arrived':
        return this.progress(m, 'dropoff_arrived', null, { node: f.order.nodes[f.dropAt]!.nodeId });
      case 'pickup_completed':
        await this.progress(m, 'pickup_completed', null);
        await this.deps.db.query('UPDATE fleet.missions SET picked_up_at = $2 WHERE id = $1 AND picked_up_at IS NULL', [m.id, this.deps.clock.now().toISOString()]);
        return this.progress(m, 'in_transit', null, { to: m.dropoff });
      case 'dropoff_completed':
        return this.progress(m, 'dropoff_completed', null);
      case 'completed':
        this.forget(m.vehicle_id!, f);
        return this.progress(m, 'completed', { to: 'completed', from: ['in_progress'], set: 'completed_at' });
    }
  }

  /** The vehicle came back still on the mission's order: no longer at risk. */
  private async recovered(f: Followed): Promise<void> {
    const m = f.mission;
    await this.deps.db.transaction(async (tx) => {
      const rows = await tx.query("UPDATE fleet.missions SET at_risk = NULL WHERE id = $1 AND status IN ('assigned', 'in_progress') AND at_risk IS NOT NULL RETURNING id", [m.id]);
      if (rows.length) await addEvent(tx, { missionId: m.id, type: 'recovered', vehicleId: m.vehicle_id, details: { orderId: f.order.orderId }, at: this.deps.clock.now() });
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
  }

  /** An instant action (cancelOrder, startPause, stopPause), resolved when the vehicle reports it finished. */
  instant(v: VehicleLive, actionType: string, timeoutMs = 15_000, fine: string[] = []): Promise<void> {
    return this.deps.commands.instant(v, actionType, { timeoutMs, fine });
  }

  /** Marks the vehicle's active mission at risk when it goes offline or reports a fatal error (once per cause). */
  private watch(v: VehicleLive): void {
    const missionId = this.byVehicle.get(v.id);
    if (!missionId) return;
    const fatal = v.errors.find((e) => e.level === 'FATAL');
    const cause = v.status === 'offline' ? `${v.name} is offline` : fatal ? `${v.name} reports ${fatal.description ?? fatal.type}` : null;
    if (!cause) return;
    const f = this.following.get(v.id);
    if (f && v.status === 'offline') f.lost = true;
    void this.atRisk(missionId, v.id, cause);
  }

  private async atRisk(missionId: string, vehicleId: string, cause: string): Promise<void> {
    await this.deps.db.transaction(async (tx) => {
      const rows = await tx.query("UPDATE fleet.missions SET at_risk = $2 WHERE id = $1 AND status IN ('assigned', 'in_progress') AND at_risk IS DISTINCT FROM $2 RETURNING id", [missionId, cause]);
      if (rows.length) await addEvent(tx, { missionId, type: 'at_risk', vehicleId, details: { cause }, at: this.deps.clock.now() });
    }).catch((err: Error) => this.deps.log.error('marking a mission at risk failed', { err: err.message }));
  }

  /** The mission the vehicle is on, as this console follows it; null when none. */
  activeMission(vehicleId: string): string | null {
    return this.byVehicle.get(vehicleId) ?? null;
  }

  /** Forgets the vehicle's mission (cancelled, reassigned). */
  release(vehicleId: string, missionId: string): void {
    if (this.byVehicle.get(vehicleId) === missionId) this.byVehicle.delete(vehicleId);
    if (this.following.get(vehicleId)?.mission.id === missionId) this.following.delete(vehicleId);
  }
}
