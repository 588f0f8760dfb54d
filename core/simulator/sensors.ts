// Virtual site sensors: each publishes a reading now and then on
// watchfloor/v1/{site}/sensors/{sensorId}/reading, with its position in every reading.
import mqtt, { type MqttClient } from 'mqtt';
import { frameToLatLon, type SiteGraph } from '../contract/index.js';

const KINDS = [
  { kind: 'temperature', unit: '°C', base: 12, spread: 6 },
  { kind: 'pm25', unit: 'µg/m³', base: 9, spread: 5 },
  { kind: 'noise', unit: 'dB', base: 48, spread: 10 },
  { kind: 'humidity', unit: '%', base: 70, spread: 12 },
] as const;

export class SimSensors {
  private client: MqttClient | null = null;
  private timer: NodeJS.Timeout | null = null;
  private readonly sensors: Array<{ key: string; name: string; kind: (typeof KINDS)[number]; lat: number; lon: number; value: number }>;

  constructor(
    private readonly opts: { brokerUrl: string; protocolVersion: 4 | 5; graph: SiteGraph; count: number; intervalMs: number; random: () => number },
  ) {
    const { graph, random } = opts;
    this.sensors = Array.from({ length: opts.count }, (_, i) => {
      const kind = KINDS[i % KINDS.length]!;
      const { lat, lon } = frameToLatLon(graph.georef, 20 + random() * 360, 20 + random() * 260);
      const key = `sim-${kind.kind}-${String(i + 1).padStart(2, '0')}`;
      return { key, name: `${kind.kind} ${i + 1}`, kind, lat, lon, value: kind.base };
    });
  }

  async start(): Promise<void> {
    this.client = await mqtt.connectAsync(this.opts.brokerUrl, { protocolVersion: this.opts.protocolVersion, clientId: `wf-sim-sensors-${process.pid}` });
    this.timer = setInterval(() => this.publishAll(), this.opts.intervalMs);
    this.timer.unref();
    this.publishAll();
  }

  private publishAll(): void {
    const { graph, random } = this.opts;
    for (const s of this.sensors) {
      s.value += (random() - 0.5) * s.kind.spread * 0.2 + (s.kind.base - s.value) * 0.05;
      const reading = { ts: new Date().toISOString(), kind: s.kind.kind, value: Math.round(s.value * 10) / 10, unit: s.kind.unit, lat: s.lat, lon: s.lon, name: s.name };
      this.client?.publish(`watchfloor/v1/${graph.site}/sensors/${s.key}/reading`, JSON.stringify(reading));
    }
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.client?.endAsync();
  }
}
