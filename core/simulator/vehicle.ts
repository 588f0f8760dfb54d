// One virtual VDA 5050 vehicle: vda-5050-lib's AgvController driving a VirtualAgvAdapter.
import { AgvController, VirtualAgvAdapter, type ClientOptions, type VirtualAgvAdapterOptions } from 'vda-5050-lib';
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
}

export class SimVehicle {
  readonly controller: AgvController;
  online = false;

  constructor(readonly opts: SimVehicleOptions) {
    const adapter: VirtualAgvAdapterOptions = {
      initialPosition: { mapId: opts.graph.mapId, x: opts.start.x, y: opts.start.y, theta: 0, lastNodeId: opts.start.id },
      vehicleSpeed: opts.speed,
      batteryMaxReach: opts.reachM,
      initialBatteryCharge: opts.initialCharge,
      // Hours for a full charge: a few minutes, so a demo shows vehicles coming back.
      fullBatteryChargeTime: 0.1,
      tickRate: Math.max(5, opts.rateHz),
    };
    this.controller = new AgvController(
      { manufacturer: opts.manufacturer, serialNumber: opts.serialNumber },
      { interfaceName: opts.interfaceName, transport: opts.transport, vdaVersion: '2.0.0' },
      { agvAdapterType: VirtualAgvAdapter, publishStateInterval: 10_000, publishVisualizationInterval: Math.round(1000 / opts.rateHz) },
      adapter,
    );
  }

  get id() {
    return { manufacturer: this.opts.manufacturer, serialNumber: this.opts.serialNumber };
  }

  get state() {
    return this.controller.currentState;
  }

  async start(): Promise<void> {
    await this.controller.start();
    this.online = true;
  }

  /** Says goodbye (connection OFFLINE) and disconnects. */
  async stop(): Promise<void> {
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
    this.controller.updateErrors({ errorType: type, errorLevel: level as never, errorDescription: description, errorReferences: [] }, 'add', true);
  }

  clear(type: string): void {
    const e = this.state.errors.find((x) => x.errorType === type);
    if (e) this.controller.updateErrors(e, 'remove', true);
  }
}
