// Simulated external systems of a care campus: the nurse-call system, the fire panel and
// the door controllers publish alerts on watchfloor/v1/{site}/alerts/{source} now and then,
// and clear the ones staff attend to at the source.
import mqtt, { type MqttClient } from 'mqtt';
import { frameToLatLon, type SiteGraph } from '../contract/index.js';

/**
 * By share. Calls and doors are cleared at the source once staff attend (the system
 * publishes the alert again with `cleared: true`); falls, smoke and wandering stay
 * until someone handles them in the console.
 */
const KINDS = [
  { share: 0.4, source: 'nurse-call', type: 'call_button', severity: 3, clearS: [30, 150], title: (p: string) => `Call button pressed at ${p}` },
  { share: 0.3, source: 'access-control', type: 'door_forced', severity: 3, clearS: [20, 90], title: (p: string) => `Door held open too long, ${p}` },
  { share: 0.15, source: 'nurse-call', type: 'fall', severity: 2, clearS: null, title: (p: string) => `Fall detected near ${p}` },
  { share: 0.1, source: 'access-control', type: 'wandering', severity: 2, clearS: null, title: (p: string) => `Resident tag passed ${p}` },
  { share: 0.05, source: 'fire-panel', type: 'smoke', severity: 1, clearS: null, title: (p: string) => `Smoke detector alarm, ${p}` },
] as const;

export function drawKind(random: () => number): (typeof KINDS)[number] {
  let roll = random();
  for (const k of KINDS) {
    if (roll < k.share) return k;
    roll -= k.share;
  }
  return KINDS[0];
}

export class SimAlerts {
  private client: MqttClient | null = null;
  private timer: NodeJS.Timeout | null = null;
  private readonly clearing = new Set<NodeJS.Timeout>();
  private n = 0;

  /** `timeLapse`: simulated seconds per real second for clearing (tests). */
  constructor(private readonly o: { brokerUrl: string; protocolVersion: 4 | 5; graph: SiteGraph; meanIntervalS: number; random: () => number; timeLapse?: number }) {}

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
    const kind = drawKind(random);
    const { lat, lon } = frameToLatLon(graph.georef, place.x + (random() - 0.5) * 10, place.y + (random() - 0.5) * 10);
    const alert = {
      externalId: `${kind.source}-${process.pid}-${++this.n}`, type: kind.type, severity: kind.severity, title: kind.title(place.name!),
      description: `Simulated by the demo (${kind.source}).`, occurredAt: new Date().toISOString(), location: { lat, lon, address: place.name },
    };
    const topic = `watchfloor/v1/${graph.site}/alerts/${kind.source}`;
    this.client?.publish(topic, JSON.stringify(alert));
    if (!kind.clearS) return;
    const [from, to] = kind.clearS;
    const t = setTimeout(() => {
      this.clearing.delete(t);
      this.client?.publish(topic, JSON.stringify({ ...alert, cleared: true }));
    }, ((from + random() * (to - from)) * 1000) / (this.o.timeLapse ?? 1));
    t.unref();
    this.clearing.add(t);
  }

  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.clearing.forEach(clearTimeout);
    await this.client?.endAsync();
  }
}
