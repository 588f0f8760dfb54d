// The simulation's own dispatcher: sends idle virtual vehicles on trips around the
// site's paths over MQTT, and to a charger when their battery runs low. It never
// touches a vehicle that is running someone else's order (Watchfloor's missions).
import { MasterController, type Headerless, type Order } from 'vda-5050-lib';
import { distance, nearestNode, orderAlong, routeThrough, type GraphNode, type OrderAction, type SiteGraph } from '../contract/index.js';
import type { SimVehicle } from './vehicle.js';

export const ROAM_PREFIX = 'roam-';
const LOW_BATTERY = 25;
const FULL_BATTERY = 95;

/** A VDA 5050 order along the graph's shortest route from `from` to `to`, with actions at the end. */
export function routeOrder(graph: SiteGraph, from: string, to: string, orderId: string, endActions: OrderAction[] = [], firstDeviation = 5): Headerless<Order> | null {
  const route = routeThrough(graph, [from, to]);
  if (!route || route.nodes.length < 2) return null;
  return orderAlong(graph, route.nodes, orderId, new Map([[route.nodes.length - 1, endActions]]), firstDeviation) as unknown as Headerless<Order>;
}

export class Roamer {
  private timer: NodeJS.Timeout | null = null;
  /** Vehicles with an order or instant action in flight, since when (a lost answer expires after 5 minutes). */
  private readonly busy = new Map<string, number>();
  private readonly restUntil = new Map<string, number>();
  private n = 0;

  constructor(
    private readonly master: MasterController,
    private readonly graph: SiteGraph,
    private readonly vehicles: SimVehicle[],
    private readonly random: () => number,
  ) {}

  start(): void {
    this.timer = setInterval(() => this.tick(), 1000);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  private currentNode(v: SimVehicle): GraphNode {
    const s = v.state;
    // Where it stands, not where it last passed: a vehicle back from a stop may be between nodes.
    return nearestNode(this.graph, s.agvPosition ?? { x: 0, y: 0 });
  }

  private tick(): void {
    const now = Date.now();
    for (const v of this.vehicles) {
      const s = v.state;
      const key = v.opts.serialNumber;
      if ((this.busy.get(key) ?? 0) < now - 300_000) this.busy.delete(key);
      if (!v.online || this.busy.has(key) || (s.orderId && !s.orderId.startsWith(ROAM_PREFIX)) || s.driving || s.paused) continue;
      if (v.controller.hasActiveOrder || (this.restUntil.get(key) ?? 0) > now) continue;
      if (s.errors.some((e) => e.errorLevel === 'FATAL')) continue;
      const battery = s.batteryState.batteryCharge;
      if (s.batteryState.charging) {
        if (battery >= FULL_BATTERY) this.instant(v, 'stopCharging');
        continue;
      }
      const here = this.currentNode(v);
      const low = battery < LOW_BATTERY;
      const targets = this.graph.nodes.filter((n) => n.id !== here.id && (low ? n.kind === 'charger' : n.kind !== 'junction'));
      const target = targets[Math.floor(this.random() * targets.length)];
      if (!target) continue;
      const end: OrderAction[] = low ? [{ actionId: `charge-${++this.n}`, actionType: 'startCharging', blockingType: 'HARD', actionParameters: [] }] : [];
      const pos = s.agvPosition ?? here;
      const order = routeOrder(this.graph, here.id, target.id, `${ROAM_PREFIX}${key}-${++this.n}`, end, Math.max(5, distance(here, pos) + 1));
      if (!order) continue;
      this.busy.set(key, now);
      this.master.assignOrder(v.id, order, {
        onOrderProcessed: () => {
          this.busy.delete(key);
          this.restUntil.set(key, Date.now() + 2000 + this.random() * 8000);
        },
      }).catch(() => this.busy.delete(key));
    }
  }

  private instant(v: SimVehicle, actionType: string): void {
    const key = v.opts.serialNumber;
    this.busy.set(key, Date.now());
    const done = () => this.busy.delete(key);
    this.master.initiateInstantActions(v.id, { instantActions: [{ actionId: `${actionType}-${++this.n}`, actionType, blockingType: 'NONE' as never, actionParameters: [] }] }, {
      onActionStateChanged: (state) => { if (state.actionStatus === 'FINISHED' || state.actionStatus === 'FAILED') done(); },
      onActionError: done,
    }).catch(done);
  }
}
