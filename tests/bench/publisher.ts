// Worker thread: publishes VDA 5050 state messages from many vehicles, stamped at publish
// time, so the measured process spends its CPU on receiving alone. A burst keeps at most
// WINDOW messages ahead of what the receiver reports (a broker drops QoS 0 messages
// it cannot queue for a slow subscriber, and a drop would read as a slow console).
import mqtt from 'mqtt';
import { parentPort, workerData } from 'node:worker_threads';
import { stateMessage } from '../mqtt/vda.js';
import { threadCpuMs, threadId } from './cpu.js';

export interface PublisherJob {
  url: string;
  protocolVersion: 4 | 5;
  iface: string;
  vehicles: number;
  /** `burst`: `count` messages as fast as the receiver keeps up; `paced`: every vehicle at `hz` for `seconds`. */
  mode: 'burst' | 'paced';
  count?: number;
  hz?: number;
  seconds?: number;
  /** Vehicles spread over the campus (each its own place, moving on), instead of all at one point. */
  spread?: boolean;
  /** Raw loopback: this topic and payload instead of vehicles' state messages. */
  raw?: { topic: string; payload: string };
}

const WINDOW = 4000;
const job = workerData as PublisherJob;
const port = parentPort!;
let received = 0;
let wake: (() => void) | null = null;
port.on('message', (m: { kind: string; received?: number }) => {
  if (m.kind === 'received') {
    received = m.received!;
    wake?.();
  }
});
const client = await mqtt.connectAsync(job.url, { protocolVersion: job.protocolVersion, clientId: `wf-bench-pub-${process.pid}-${Date.now()}` });
// Small messages go out at once, as a vehicle's do (no Nagle delay on this side).
(client.stream as { setNoDelay?: (on: boolean) => void }).setNoDelay?.(true);
const serial = (i: number) => `bench-${String(i).padStart(3, '0')}`;
const send = (topic: string, payload: string) => new Promise<void>((ok) => client.publish(topic, payload, { qos: 0 }, () => ok()));
const publish = (i: number, n: number) => job.raw
  ? send(job.raw.topic, job.raw.payload)
  : send(`${job.iface}/v2/Bench/${serial(i)}/state`, JSON.stringify(stateMessage('Bench', serial(i), job.spread
    ? { x: 20 + ((i * 37) % 240) + (n % 40), y: 20 + ((i * 53) % 160), battery: 90 - (n % 50) }
    : { x: 50 + (n % 300), y: 100, battery: 90 - (n % 50) })));

// One message from each vehicle first, so every vehicle is registered before timing starts.
for (let i = 0; i < job.vehicles; i++) await publish(i, 0);
port.postMessage({ kind: 'registered' });
await new Promise<void>((ok) => port.on('message', (m: { kind: string }) => m.kind === 'go' && ok()));

const t0 = performance.now();
const cpu0 = threadCpuMs();
if (job.mode === 'burst') {
  for (let n = 0; n < job.count!; n++) {
    while (n - received >= WINDOW) await new Promise<void>((ok) => (wake = ok));
    await publish(n % Math.max(1, job.vehicles), n);
  }
} else {
  const periodMs = 1000 / job.hz!;
  const ticks = Math.round(job.seconds! * job.hz!);
  for (let tick = 0; tick < ticks; tick++) {
    // Spread the vehicles over the period, as independent vehicles would be.
    for (let i = 0; i < job.vehicles; i++) {
      const wait = t0 + tick * periodMs + (i / job.vehicles) * periodMs - performance.now();
      if (wait > 1) await new Promise((ok) => setTimeout(ok, wait));
      await publish(i, tick);
    }
  }
}
const cpu = threadCpuMs();
port.postMessage({ kind: 'done', ms: performance.now() - t0, tid: threadId(), cpuMs: cpu === null || cpu0 === null ? null : cpu - cpu0 });
await client.endAsync();
