// One virtual VDA 5050 vehicle: vda-5050-lib's AgvController driving a VirtualAgvAdapter.
import { AgvController, type ClientOptions, type VirtualAgvAdapterOptions } from 'vda-5050-lib';
import { WheelchairAdapter } from './wheelchair-adapter.js';
import type { GraphNode, SiteGraph } from '../contract/index.js';

export interface SimVehicleOptions {
  transport: ClientOptions['transport'];
  interfaceName: string;
  manufacturer: string;
  serialNumber: string;
  graph: SiteGraph;
  start: GraphNode;
  /** Position updates per second (visualization topic). */
  rateHz: number;
  /** Metres a full battery lasts, and the starting charge. */
  reachM: number;
  initialCharge: number;
  speed: number;
  /** Simulated seconds per real second (tests run missions faster). */
  timeLapse?: number;
}

export class SimVehicle {
  controller: AgvController;
  online = false;
  private used = false;

  constructor(readonly opts: SimVehicleOptions) {
    this.controller = this.make({ ...opts.start, theta: 0, lastNodeId: opts.start.id }, opts.initialCharge);
  }

  /**
   * A controller is used for one connection only: the library keeps its connection
   * callback across stop() and would publish before a restarted client counts as
   * started. Coming back online is a new controller where the old one stood.
   */
  private make(at: { x: number; y: number; theta: number; lastNodeId: string }, charge: number): AgvController {
    const { opts } = this;
    const adapter: VirtualAgvAdapterOptions = {
      initialPosition: { mapId: opts.graph.mapId, ...at },
      vehicleSpeed: opts.speed,
      batteryMaxReach: opts.reachM,
      initialBatteryCharge: charge,
      // Hours for a full charge: a few minutes, so a demo shows vehicles coming back.
      fullBatteryChargeTime: 0.1,
      tickRate: Math.max(5, opts.rateHz),
      timeLapse: opts.timeLapse ?? 1,
    };
    const controller = new AgvController(
      { manufacturer: opts.manufacturer, serialNumber: opts.serialNumber },
      { interfaceName: opts.interfaceName, transport: opts.transport, vdaVersion: '2.0.0' },
      { agvAdapterType: WheelchairAdapter, publishStateInterval: 10_000, publishVisualizationInterval: Math.round(1000 / opts.rateHz) },
      adapter,
    );
    // A killed vehicle keeps driving on its own timers; the library publishes each state
    // change without catching, so one sent while the dropped link is closing ("client
    // disconnecting") would be an unhandled rejection. Lost with the link, as on a real robot.
    const c = controller as unknown as { _publishCurrentState(): Promise<void> };
    const publishState = c._publishCurrentState.bind(controller);
    c._publishCurrentState = () => publishState().catch((err: unknown) => {
      if (this.online) throw err;
    });
    return controller;
  }

  get id() {
    return { manufacturer: this.opts.manufacturer, serialNumber: this.opts.serialNumber };
  }

  get state() {
    return this.controller.currentState;
  }

  async start(): Promise<void> {
    if (this.used) {
      // A killed controller still runs its timers: stop them (its connection is gone already).
      void this.controller.stop().catch(() => {});
      const s = this.state;
      const p = s.agvPosition ?? { x: this.opts.start.x, y: this.opts.start.y, theta: 0 };
      this.controller = this.make({ x: p.x, y: p.y, theta: p.theta, lastNodeId: s.lastNodeId || this.opts.start.id }, s.batteryState.batteryCharge);
    }
    this.used = true;
    await this.controller.start();
    this.online = true;
  }

  /** Says goodbye (connection OFFLINE) and disconnects. */
  async stop(): Promise<void> {
    if (!this.online) return;
    this.online = false;
    await this.controller.stop();
  }

  /**
   * Drops the network connection without a goodbye, as a crash or a lost radio link
   * would: the broker publishes the vehicle's last will (CONNECTIONBROKEN).
   */
  kill(): void {
    this.online = false;
    const c = this.controller as unknown as { _mqtt?: { end(force: boolean): void } };
    c._mqtt?.end(true);
  }

  raise(type: string, level: 'WARNING' | 'FATAL', description: string): void {
    if (!this.online) return;
    this.controller.updateErrors({ errorType: type, errorLevel: level as never, errorDescription: description, errorReferences: [] }, 'add', true);
  }

  clear(type: string): void {
    if (!this.online) return;
    const e = this.state.errors.find((x) => x.errorType === type);
    if (e) this.controller.updateErrors(e, 'remove', true);
  }

  setPaused(paused: boolean): void {
    if (this.online) this.controller.updatePausedState(paused, true);
  }
}
