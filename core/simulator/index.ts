// The simulated fleet: a separate module that only talks MQTT, so the console it
// feeds cannot tell it from a real site.
import { MasterController, type ClientOptions } from 'vda-5050-lib';
import type { SiteGraph } from '../contract/index.js';
import { SimAlerts } from './alerts.js';
import { Incidents } from './incidents.js';
import { Roamer } from './roamer.js';
import { SimSensors } from './sensors.js';
import { loadSiteGraph, seeded } from './site.js';
import { SimVehicle } from './vehicle.js';

export interface SimulatorOptions {
  brokerUrl: string;
  protocolVersion?: 4 | 5;
  interfaceName?: string;
  vehicles: number;
  sensors: number;
  /** Vehicle position updates per second. */
  rateHz?: number;
  sensorIntervalMs?: number;
  /** Whether vehicles roam on their own (off: they wait for orders). */
  roam?: boolean;
  /** Mean seconds between incidents (errors, going offline); 0 for none. */
  incidentIntervalS?: number;
  /** Mean seconds between simulated external alerts (nurse calls, fire panel, doors); 0 or absent for none. */
  alertIntervalS?: number;
  seed?: number;
  graph?: SiteGraph;
  manufacturer?: string;
  /** Simulated seconds per real second. */
  timeLapse?: number;
}

export const SIM_MANUFACTURER = 'Watchfloor Sim';

export async function startSimulator(o: SimulatorOptions) {
  const graph = o.graph ?? loadSiteGraph();
  const random = seeded(o.seed ?? 5050);
  const protocolVersion = o.protocolVersion ?? 4;
  const transport: ClientOptions['transport'] = { brokerUrl: o.brokerUrl, protocolVersion: protocolVersion === 5 ? '5.0' : '3.1.1', reconnectPeriod: 2000 };
  const interfaceName = o.interfaceName ?? 'uagv';
  const parking = graph.nodes.filter((n) => n.kind !== 'junction');
  const vehicles = Array.from({ length: o.vehicles }, (_, i) => new SimVehicle({
    transport, interfaceName, manufacturer: o.manufacturer ?? SIM_MANUFACTURER, serialNumber: `sim-${String(i + 1).padStart(2, '0')}`,
    graph, start: parking[i % parking.length]!, rateHz: o.rateHz ?? 2, reachM: 6000, initialCharge: 40 + random() * 60, speed: 1.4, timeLapse: o.timeLapse ?? 1,
  }));
  await Promise.all(vehicles.map((v) => v.start()));
  const master = new MasterController({ interfaceName, transport, vdaVersion: '2.0.0' }, {});
  await master.start();
  const roamer = new Roamer(master, graph, vehicles, random);
  if (o.roam ?? true) roamer.start();
  const incidents = new Incidents(vehicles, random, { meanIntervalS: o.incidentIntervalS ?? 0 });
  if (o.incidentIntervalS) incidents.start();
  const sensors = new SimSensors({ brokerUrl: o.brokerUrl, protocolVersion, graph, count: o.sensors, intervalMs: o.sensorIntervalMs ?? 5000, random });
  if (o.sensors > 0) await sensors.start();
  const alerts = new SimAlerts({ brokerUrl: o.brokerUrl, protocolVersion, graph, meanIntervalS: o.alertIntervalS ?? 0, random });
  if (o.alertIntervalS) await alerts.start();
  return {
    vehicles,
    graph,
    master,
    async stop() {
      roamer.stop();
      incidents.stop();
      await sensors.stop();
      await alerts.stop();
      await master.stop();
      await Promise.all(vehicles.map((v) => (v.online ? v.stop() : Promise.resolve())));
    },
  };
}
export type Simulator = Awaited<ReturnType<typeof startSimulator>>;
