// Everything that runs on its own for incidents and alerts: the alert feed from MQTT,
// the fleet's and the sensor rules' alerts, escalation, and fleet vehicles as resources.
import type { Db } from '../../db/index.js';
import type { Bus } from '../bus.js';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import type { Fleet } from '../fleet/fleet.js';
import type { Logger } from '../logger.js';
import type { MissionRunner } from '../missions/runner.js';
import type { BrokerConnection } from '../mqtt/connection.js';
import { subscribeAlerts } from './alert-feed.js';
import { escalateAlerts } from './escalation.js';
import { FleetAlerts } from './fleet-alerts.js';
import { syncVehicleResources } from './resources.js';
import { SensorRules } from './sensor-rules.js';

export interface OpsDeps {
  db: Db; bus: Bus; clock: Clock; log: Logger; config: Config; fleet: Fleet; missions: MissionRunner; broker: BrokerConnection | null;
  /** Whether this console holds a duty (see core/duties); passes run on the `dispatch` holder only. */
  holds?: (duty: 'ingest' | 'dispatch') => boolean;
}

/** How often escalation and the vehicle resources are brought up to date. */
export const OPS_TICK_MS = 5000;

export class Ops {
  readonly rules: SensorRules;
  private readonly fleetAlerts: FleetAlerts;
  private timer: NodeJS.Timeout | null = null;
  private ticking = false;

  constructor(private readonly deps: OpsDeps) {
    this.rules = new SensorRules(deps);
    this.fleetAlerts = new FleetAlerts({ ...deps, siteOf: (v) => (v.mapId ? deps.fleet.places.map(v.mapId)?.siteId ?? null : null) });
  }

  async start(): Promise<void> {
    await this.rules.start();
    this.fleetAlerts.start();
    if (this.deps.broker) subscribeAlerts(this.deps.broker, this.deps);
    await this.tick();
    this.timer = setInterval(() => void this.tick(), OPS_TICK_MS);
    this.timer.unref();
  }

  /** One pass of the fleet's lasting conditions, escalation and vehicle-resource sync; passes never overlap. */
  async tick(): Promise<void> {
    if (this.ticking || (this.deps.holds && !this.deps.holds('dispatch'))) return;
    this.ticking = true;
    try {
      await this.fleetAlerts.sweep(this.deps.fleet.vehicles.values());
      await escalateAlerts(this.deps);
      await syncVehicleResources(this.deps.db);
    } catch (err) {
      this.deps.log.error('an incidents pass failed', { err: (err as Error).message });
    } finally {
      this.ticking = false;
    }
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.rules.stop();
    this.fleetAlerts.stop();
  }
}
