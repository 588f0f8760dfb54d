// Simulated external systems of a care campus: the nurse-call system, the fire panel and
// the door controllers publish alerts on watchfloor/v1/{site}/alerts/{source} now and then.
import mqtt, { type MqttClient } from 'mqtt';
import { frameToLatLon, type SiteGraph } from '../contract/index.js';

const KINDS = [
  { source: 'nurse-call', type: 'fall', severity: 2, title: (p: string) => `Fall detected near ${p}` },
  { source: 'nurse-call', type: 'call_button', severity: 3, title: (p: string) => `Call button pressed at ${p}` },
  { source: 'fire-panel', type: 'smoke', severity: 1, title: (p: string) => `Smoke detector alarm, ${p}` },
  { source: 'access-control', type: 'door_forced', severity: 3, title: (p: string) => `Door held open too long, ${p}` },
  { source: 'access-control', type: 'wandering', severity: 2, title: (p: string) => `Resident tag passed ${p}` },
] as const;

export class SimAlerts {
  private client: MqttClient | null = null;
  private timer: NodeJS.Timeout | null = null;
  private n = 0;

  constructor(private readonly o: { brokerUrl: string; protocolVersion: 4 | 5; graph: SiteGraph; meanIntervalS: number; random: () => number }) {}

  async start(): Promise<void> {
    this.client = await mqtt.connectAsync(this.o.brokerUrl, { protocolVersion: this.o.protocolVersion, clientId: `wf-sim-alerts-${process.pid}` });
    this.schedule();
  }

  /** Exponential gaps around the mean, as independent events arrive. */
  private schedule(): void {
    const gap = -Math.log(1 - this.o.random()) * this.o.meanIntervalS * 1000;
    this.timer = setTimeout(() => (this.publish(), this.schedule()), Math.max(gap, 5000));
    this.timer.unref();
  }

  publish(): void {
    const { graph, random } = this.o;
    const places = graph.nodes.filter((p) => p.name);
    const place = places[Math.floor(random() * places.length)]!;
    const kind = KINDS[Math.floor(random() * KINDS.length)]!;
    const { lat, lon } = frameToLatLon(graph.georef, place.x + (random() - 0.5) * 10, place.y + (random() - 0.5) * 10);
    const alert = {
      externalId: `${kind.source}-${process.pid}-${++this.n}`, type: kind.type, severity: kind.severity, title: kind.title(place.name!),
      description: `Simulated by the demo (${kind.source}).`, occurredAt: new Date().toISOString(), location: { lat, lon, address: place.name },
    };
    this.client?.publish(`watchfloor/v1/${graph.site}/alerts/${kind.source}`, JSON.stringify(alert));
  }

  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    await this.client?.endAsync();
  }
}
