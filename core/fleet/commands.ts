// What the console sends vehicles over VDA 5050: orders and instant actions, each
// instant action followed until the vehicle's state reports how it ended.
import { randomUUID } from 'node:crypto';
import { supportsInstant, type GraphOrder, type OrderAction, type VehicleLive } from '../contract/index.js';
import { DomainError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { Fleet } from './fleet.js';
import type { Ingest } from './ingest.js';
import { Topic } from './master.js';
import { actionOutcome, type VdaOrderState } from './vda-state.js';

/**
 * VDA 5050 2.0 names the list `actions`. vda-5050-lib 1.4.0, whose virtual vehicles are
 * the demo fleet, still reads the 1.x name `instantActions`: both keys carry the same
 * list until the library follows 2.0. The 2.0.0 instantActions schema file calls an
 * action's type `actionName` where the specification text says `actionType`: both are
 * sent, so a vehicle built to either understands it.
 */
export function instantActionsBody(actions: OrderAction[]) {
  const list = actions.map((a) => ({ ...a, actionName: a.actionType }));
  return { actions: list, instantActions: list };
}

const FACTSHEET_TRIES = 3;
const FACTSHEET_RETRY_MS = 15_000;
/** Factsheet requests the console has out on its own at once: a fleet coming online is asked a share at a time, the rest on later states. */
const FACTSHEETS_AT_ONCE = 100;

/** A vehicle that registered itself gets no order until someone with fleet:manage confirms it. */
export const notConfirmed = (name: string) =>
  new DomainError('conflict', { code: 'fleet.notConfirmed', params: { name } });

interface Pending { actionType: string; fine: string[]; acknowledged: boolean; onAcknowledged?: () => void; settle(err?: Error): void }

/** What a person or the console sends with an instant action. */
export interface InstantOptions {
  timeoutMs?: number;
  /** Error types that count as done (such as noOrderToCancel for a cancel that found nothing). */
  fine?: string[];
  /** Given by the caller when it keeps its own record of the action. */
  actionId?: string;
  parameters?: OrderAction['actionParameters'];
  /** Once, when the vehicle first lists the action in its actionStates without having ended it. */
  onAcknowledged?: () => void;
}

/** The vehicle did not report how an action ended in time. */
export class ActionTimeout extends DomainError {
  constructor(message: string) {
    super('unavailable', message);
  }
}

/** actionStatus values that say the vehicle took the action and has not ended it. */
const UNDER_WAY = ['WAITING', 'INITIALIZING', 'RUNNING', 'PAUSED'];

export class VdaCommands {
  private readonly pending = new Map<string, Map<string, Pending>>();
  /** Vehicles asked for their factsheet in this run: how often, and when last. */
  private readonly asked = new Map<string, { tries: number; at: number }>();
  private factsheetsOut = 0;
  private off = () => {};
  constructor(private readonly deps: { fleet: Fleet; ingest: Ingest | null; log: Logger }) {}

  start(): void {
    this.off = this.deps.ingest?.onState((id, s) => this.onState(id, s)) ?? (() => {});
  }

  stop(): void {
    this.off();
  }

  private get master() {
    const m = this.deps.ingest?.master;
    if (!m) throw new DomainError('unavailable', { code: 'fleet.noBroker' });
    return m;
  }

  /** Sends an order; never to a vehicle nobody has confirmed. */
  async order(v: VehicleLive, order: GraphOrder): Promise<void> {
    if (v.isNew) throw notConfirmed(v.name);
    await this.master.publish(Topic.Order, { manufacturer: v.manufacturer, serialNumber: v.serialNumber }, order as never);
  }

  /**
   * An instant action, resolved when the vehicle reports it FINISHED; an error of a type
   * in `fine` (such as noOrderToCancel) counts as done. Refused before sending when the
   * vehicle's factsheet says it does not take this action.
   */
  async instant(v: VehicleLive, actionType: string, o: InstantOptions = {}): Promise<void> {
    if (!supportsInstant(this.deps.fleet.factsheets.get(v.id), actionType)) {
      throw new DomainError('conflict', { code: 'fleet.actionNotSupported', params: { name: v.name, actionType } });
    }
    const master = this.master;
    const timeoutMs = o.timeoutMs ?? 15_000;
    const actionId = o.actionId ?? `${actionType}-${randomUUID()}`;
    const waiting = this.pending.get(v.id) ?? new Map<string, Pending>();
    this.pending.set(v.id, waiting);
    const done = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => settle(new ActionTimeout(`${v.name} did not confirm ${actionType} within ${timeoutMs / 1000} s.`)), timeoutMs);
      const settle = (err?: Error) => {
        clearTimeout(timer);
        waiting.delete(actionId);
        if (err) reject(err);
        else resolve();
      };
      waiting.set(actionId, { actionType, fine: o.fine ?? [], acknowledged: false, onAcknowledged: o.onAcknowledged, settle });
    });
    // The caller has the outcome only once the publish below returns, which under load can be after the timeout.
    done.catch(() => {});
    const action: OrderAction = { actionId, actionType, blockingType: 'NONE', actionParameters: o.parameters ?? [] };
    try {
      await master.publish(Topic.InstantActions, { manufacturer: v.manufacturer, serialNumber: v.serialNumber }, instantActionsBody([action]) as never);
    } catch (err) {
      waiting.get(actionId)?.settle(err as Error);
    }
    return done;
  }

  private onState(vehicleId: string, s: VdaOrderState): void {
    for (const [actionId, p] of this.pending.get(vehicleId) ?? []) {
      const outcome = actionOutcome(s, actionId);
      if (!outcome) {
        if (!p.acknowledged && (s.actionStates ?? []).some((a) => a.actionId === actionId && UNDER_WAY.includes(a.actionStatus))) {
          p.acknowledged = true;
          p.onAcknowledged?.();
        }
        continue;
      }
      const v = this.deps.fleet.vehicles.get(vehicleId);
      if (outcome.ok || p.fine.includes(outcome.errorType)) p.settle();
      else p.settle(new DomainError('conflict', { code: 'fleet.actionRefused', params: { name: v?.name ?? 'The vehicle', actionType: p.actionType, reason: outcome.reason } }));
    }
    // A vehicle seen for the first time in this run, without a stored factsheet, is asked for one; if none
    // comes (a request lost while the vehicle was still subscribing), again a little later, three times at most.
    // (The first states can arrive while the master controller is still starting: ask on a later one.)
    const v = this.deps.fleet.vehicles.get(vehicleId);
    const asked = this.asked.get(vehicleId);
    const now = Date.now();
    if (v && this.deps.ingest?.master && !this.deps.fleet.factsheets.has(vehicleId) && this.factsheetsOut < FACTSHEETS_AT_ONCE
      && (!asked || (asked.tries < FACTSHEET_TRIES && now - asked.at > FACTSHEET_RETRY_MS))) {
      this.asked.set(vehicleId, { tries: (asked?.tries ?? 0) + 1, at: now });
      this.factsheetsOut++;
      this.requestFactsheet(v)
        .catch((err: Error) => this.deps.log.info('no factsheet from a vehicle', { vehicle: v.name, err: err.message }))
        .finally(() => this.factsheetsOut--);
    }
  }

  /** Asks for the factsheet; it arrives on the factsheet topic, where ingest stores it. */
  requestFactsheet(v: VehicleLive): Promise<void> {
    return this.instant(v, 'factsheetRequest', { timeoutMs: 10_000 });
  }
}
