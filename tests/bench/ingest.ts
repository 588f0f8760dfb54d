// Ingest figures: MQTT → committed rows, and publish → renderer, each next to the raw MQTT
// loopback rate and the raw batched insert rate measured in the same run.
import { randomBytes } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { createTRPCClient, createWSClient, wsLink } from '@trpc/client';
import mqtt from 'mqtt';
import WebSocket from 'ws';
import { createCore, type AppRouter } from '../../core/index.js';
import { systemClock } from '../../core/clock.js';
import { BatchWriter, writeBatch, type Batch, type TelemetryRow } from '../../core/fleet/writer.js';
import { startBrowserHost } from '../../core/host/server.js';
import { insertUser } from '../../core/iam/auth.js';
import { SecretBox } from '../../core/iam/secrets.js';
import { createLogger } from '../../core/logger.js';
import { BrokerConnection } from '../../core/mqtt/connection.js';
import { startEmbeddedBroker } from '../../core/mqtt/embedded-broker.js';
import { testConfig } from '../../core/testing.js';
import { PACKAGE_ROOT, type Db, type Queryable } from '../../db/index.js';
import { mosquittoAnswers } from '../mqtt/console.js';
import { stateMessage } from '../mqtt/vda.js';
import { onEachEngine } from './engines.js';
import type { PublisherJob } from './publisher.js';
import { writePaths } from './write-paths.js';
import { listenerPid, othersSince, processCpuMs, threadCpuMs, threadId, threadsCpuMs } from './cpu.js';
import { join } from 'node:path';

const log = createLogger('bench', 'error', () => {});
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? Math.round(s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]! * 10) / 10 : null;
};

/** Vehicles each publishing state at `hz` for `seconds`. */
interface Fleet { vehicles: number; hz: number; seconds: number }

export interface Broker { name: string; url: string; protocolVersion: 4 | 5; close(): Promise<void> }
export async function openBroker(): Promise<Broker> {
  if (mosquittoAnswers) return { name: 'mosquitto 127.0.0.1:1883', url: 'mqtt://127.0.0.1:1883', protocolVersion: 5, close: async () => {} };
  const b = await startEmbeddedBroker();
  return { name: 'embedded aedes', url: b.url, protocolVersion: 4, close: () => b.close() };
}

/** Raw loopback: a worker publishes state-sized messages, this thread receives them; no parsing. */
async function loopback(b: Broker, n: number) {
  const topic = `wf-bench-loop/${process.pid}/${Date.now()}`;
  const sub = await mqtt.connectAsync(b.url, { protocolVersion: b.protocolVersion });
  await sub.subscribeAsync(topic, { qos: 0 });
  const pub = publisher({ url: b.url, protocolVersion: b.protocolVersion, iface: '', vehicles: 0, mode: 'burst', count: n, raw: { topic, payload: JSON.stringify(stateMessage('Bench', 'loop')) } });
  let got = 0;
  sub.on('message', () => ++got % 100 === 0 && pub.tell(got));
  await pub.registered;
  const t0 = performance.now();
  const span = cpuSpan(b);
  pub.go();
  const complete = await waitFor(() => got >= n, 60_000);
  const rate = Math.round(got / ((performance.now() - t0) / 1000));
  const cpu = span(got, complete ? await pub.done : null);
  await sub.endAsync();
  return { msgsPerSec: complete ? rate : -1, cpu };
}

/** Raw loopback latency at the fleet's rate: the same paced publisher, a plain subscriber that reads only the timestamp. */
async function loopbackLatency(b: Broker, o: Fleet) {
  const iface = `loop${Date.now().toString(36)}`;
  const sub = await mqtt.connectAsync(b.url, { protocolVersion: b.protocolVersion });
  await sub.subscribeAsync(`${iface}/v2/+/+/state`, { qos: 0 });
  const ages: number[] = [];
  let measuring = false;
  sub.on('message', (_t, payload) => {
    if (measuring) ages.push(Date.now() - Date.parse((JSON.parse(payload.toString()) as { timestamp: string }).timestamp));
  });
  const pub = publisher({ url: b.url, protocolVersion: b.protocolVersion, iface, vehicles: o.vehicles, mode: 'paced', hz: o.hz, seconds: o.seconds });
  await pub.registered;
  measuring = true;
  const elu = performance.eventLoopUtilization();
  pub.go();
  await Promise.race([pub.done, new Promise((r) => setTimeout(r, (o.seconds + 30) * 1000))]);
  const busy = performance.eventLoopUtilization(elu).utilization;
  await pub.stop();
  await new Promise((r) => setTimeout(r, 300));
  await sub.endAsync();
  return { p50: pct(ages, 50), p99: pct(ages, 99), messages: ages.length, subscriberThreadBusy: Math.round(busy * 100) / 100 };
}

/**
 * The publisher worker: `registered` once every vehicle has sent one message, then `go()`; `tell()` reports progress back.
 * `youngMb`: its heap's young generation, fixed where the process's V8 flags are what is measured.
 */
export function publisher(job: PublisherJob, youngMb?: number) {
  const worker = new Worker(new URL('worker.mjs', import.meta.url), {
    workerData: { ...job, entry: new URL('publisher.ts', import.meta.url).href },
    ...(youngMb ? { resourceLimits: { maxYoungGenerationSizeMb: youngMb } } : {}),
  });
  let registered!: () => void;
  const done = new Promise<{ cpuMs: number | null; tid: number | null }>((ok, fail) => {
    worker.on('message', (m: { kind: string; cpuMs: number | null; tid: number | null }) => (m.kind === 'registered' ? registered() : m.kind === 'done' && ok(m)));
    worker.on('error', fail);
  });
  return {
    registered: new Promise<void>((ok) => (registered = ok)),
    done,
    go: () => worker.postMessage({ kind: 'go' }),
    tell: (received: number) => worker.postMessage({ kind: 'received', received }),
    stop: () => worker.terminate(),
  };
}

/** Rows as ingest makes them: each its own time, positions and battery with a full double's digits. */
function telemetryRows(vehicleIds: string[], n: number): TelemetryRow[] {
  const t0 = Date.now();
  return Array.from({ length: n }, (_, i) => ({
    vehicle_id: vehicleIds[i % vehicleIds.length]!, ts: new Date(t0 + i).toISOString(), map_id: 'lindenhof-campus',
    x: 50 + Math.random() * 300, y: 100 + Math.random(), lat: 51.44 + Math.random() / 100, lon: 5.47 + Math.random() / 100,
    heading: Math.random() * 359, speed: 1.2, battery: 80 - Math.random(), driving: true, error_count: 0,
  }));
}

/**
 * Raw batched inserts, 2000 rows per transaction, no MQTT: the writer's own statements (`writeBatch`), and
 * each way of writing telemetry (write-paths.ts) in alternating rounds, with the CPU each costs a row.
 */
async function rawInsert(db: Db, n: number) {
  const ids = (await db.query<{ id: string }>('SELECT id FROM fleet.vehicles')).map((r) => r.id);
  const batch = (rows: TelemetryRow[]): Batch => ({ telemetry: rows, vehicles: new Map(), connections: [], readings: [], quarantine: [], repeats: [] });
  await db.transaction((tx) => writeBatch(tx, batch(telemetryRows(ids, 2000))));
  const timed = async (write: (tx: Queryable, rows: TelemetryRow[]) => Promise<unknown>) => {
    const batches = Array.from({ length: Math.ceil(n / 2000) }, () => telemetryRows(ids, 2000));
    const t0 = performance.now();
    const cpu0 = processCpuMs(process.pid);
    const thread0 = threadCpuMs();
    const threads0 = threadsCpuMs();
    for (const b of batches) await db.transaction((tx) => write(tx, b));
    const cpu = processCpuMs(process.pid);
    const thread = threadCpuMs();
    const us = (ms: number | null) => (ms === null ? null : Math.round((ms * 1000) / n * 10) / 10);
    return {
      rowsPerSec: Math.round(n / ((performance.now() - t0) / 1000)),
      // On PostgreSQL most of an insert's CPU is the server's, not counted here.
      processCpuPerRowUs: cpu === null || cpu0 === null ? null : us(cpu - cpu0),
      threadCpuPerRowUs: thread === null || thread0 === null ? null : us(thread - thread0),
      otherThreadsCpuPerRowUs: othersSince(threads0, [threadId()]).slice(0, 4).map(us),
    };
  };
  const writer = await timed((tx, rows) => writeBatch(tx, batch(rows)));
  const paths: Record<string, Awaited<ReturnType<typeof timed>>[]> = {};
  for (let round = 0; round < 2; round++) {
    for (const [name, write] of Object.entries(writePaths)) {
      if (name !== 'copy' || db.copyIn) (paths[name] ??= []).push(await timed(write));
    }
  }
  return { ...writer, paths };
}

/** A console core on the broker, serving the browser host, and a renderer-like WebSocket client signed in. */
async function startConsole(db: Db, b: Broker, iface: string, liveFeedMs = testConfig.liveFeedMs) {
  const broker = new BrokerConnection({ kind: 'site', url: b.url, clientId: `wf-bench-${process.pid}-${iface}` }, systemClock, log);
  broker.start();
  const config = { ...testConfig, vdaInterface: iface, vehicleTimeoutSeconds: 600, liveFeedMs };
  const core = createCore({ db, clock: systemClock, logger: log, config, broker, secrets: new SecretBox(randomBytes(32)) });
  await core.start();
  while (!core.ingest?.master) await new Promise((r) => setTimeout(r, 50));
  const email = `bench-${iface}@site.test`;
  await db.transaction((tx) => insertUser(tx, { email, displayName: 'bench', password: 'bench password 1', roles: ['operator'] }));
  const host = await startBrowserHost({ core, logger: log, port: 0, rendererDir: join(PACKAGE_ROOT, 'out', 'renderer'), resourcesDir: join(PACKAGE_ROOT, 'resources') });
  // The cookie the host sets for its printed URL (its name and value derive from the token).
  const cookie = (await fetch(host.url, { redirect: 'manual' })).headers.get('set-cookie')!.split(';')[0]!;
  const headers = { cookie, origin: `http://127.0.0.1:${host.port}` };
  class HostSocket extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols, { headers });
    }
  }
  const ws = createWSClient({ url: `ws://127.0.0.1:${host.port}/trpc`, WebSocket: HostSocket as never });
  const client = createTRPCClient<AppRouter>({ links: [wsLink({ client: ws })] });
  await client.auth.login.mutate({ email, password: 'bench password 1' });
  return {
    core, client,
    async stop() {
      ws.close();
      await host.close();
      await core.stop();
      await broker.stop();
    },
  };
}

async function waitFor(pred: () => boolean, timeoutMs: number): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (!pred()) {
    if (Date.now() > end) return false;
    await new Promise((r) => setTimeout(r, 5));
  }
  return true;
}

/**
 * Where a span's CPU goes, in µs per message: this thread (the console's or a bare subscriber's), the
 * publisher's thread, the rest of this process (PGlite's thread, V8's helper threads) and the broker
 * (Mosquitto's process; an embedded broker counts in this process), and the rest's busiest threads
 * (PGlite's is the first where it has one). `coresBusy`: all of it over the span's wall time.
 */
function cpuSpan(b: Broker) {
  const brokerPid = listenerPid(Number(new URL(b.url).port));
  const broker = brokerPid && brokerPid !== process.pid ? brokerPid : null;
  const at = { wall: performance.now(), thread: threadCpuMs(), process: processCpuMs(process.pid), broker: broker ? processCpuMs(broker) : null, threads: threadsCpuMs() };
  return (messages: number, publisher: { cpuMs: number | null; tid: number | null } | null) => {
    const publisherMs = publisher?.cpuMs ?? null;
    const d = (now: number | null, then: number | null) => (now === null || then === null ? null : now - then);
    const wall = performance.now() - at.wall;
    const thread = d(threadCpuMs(), at.thread);
    const proc = d(processCpuMs(process.pid), at.process);
    const brokerMs = broker ? d(processCpuMs(broker), at.broker) : null;
    const us = (ms: number | null) => (ms === null ? null : Math.round((ms * 1000) / messages * 10) / 10);
    const rest = proc === null || thread === null ? null : proc - thread - (publisherMs ?? 0);
    const others = othersSince(at.threads, [threadId(), publisher?.tid]);
    return {
      perMessageUs: {
        thread: us(thread), publisher: us(publisherMs), restOfProcess: us(rest), restBusiestThreads: others.slice(0, 4).map(us),
        broker: us(brokerMs), all: us((proc ?? 0) + (brokerMs ?? 0)),
      },
      coresBusy: proc === null ? null : Math.round(((proc + (brokerMs ?? 0)) / wall) * 100) / 100,
    };
  };
}

/** A burst of state messages from `vehicles` vehicles: MQTT to committed rows, as fast as the console keeps up. */
export async function sustained(db: Db, b: Broker, o: { burst: number; vehicles: number; publisherYoungMb?: number }) {
  const out: Record<string, unknown> = {};
  const iface = `bench${Date.now().toString(36)}a`;
  const c = await startConsole(db, b, iface);
  let committed = 0;
  const pub = publisher({ url: b.url, protocolVersion: b.protocolVersion, iface, vehicles: o.vehicles, mode: 'burst', count: o.burst }, o.publisherYoungMb);
  c.core.fleet.writer.onCommit = (batch) => (committed += batch.telemetry.length);
  // The publisher keeps its window on what the console has received (commits follow in batches).
  let base = 0;
  const progress = setInterval(() => pub.tell(c.core.fleet.ingest.received - base), 2);
  await pub.registered;
  await waitFor(() => c.core.fleet.vehicles.size === o.vehicles && committed >= o.vehicles, 30_000);
  const start = performance.now();
  committed = 0;
  base = c.core.fleet.ingest.received;
  const elu = performance.eventLoopUtilization();
  const span = cpuSpan(b);
  pub.go();
  const all = await waitFor(() => committed >= o.burst, 120_000);
  const seconds = (performance.now() - start) / 1000;
  clearInterval(progress);
  const busy = performance.eventLoopUtilization(elu).utilization;
  const cpu = span(committed, all ? await pub.done : null);
  await pub.stop();
  out.sustained = { messages: o.burst, committed, complete: all, seconds: Math.round(seconds * 100) / 100, msgsPerSec: Math.round(committed / seconds), consoleThreadBusy: Math.round(busy * 100) / 100, cpu };
  await c.stop();
  const raw = await rawInsert(db, 100_000);
  out.rawInsertRowsPerSec = raw.rowsPerSec;
  out.rawInsertProcessCpuPerRowUs = raw.processCpuPerRowUs;
  out.rawInsertThreadsCpuPerRowUs = { thread: raw.threadCpuPerRowUs, busiestOthers: raw.otherThreadsCpuPerRowUs };
  out.rawInsertPaths = raw.paths;
  return out;
}

/**
 * Every vehicle at `hz`: publish → committed row, and publish → renderer through the browser host's WebSocket,
 * with the live feed's window at `windowMs` (the console's thread busy share is what the window costs).
 */
export async function latency(db: Db, b: Broker, o: Fleet, windowMs: number) {
  const iface = `bench${Date.now().toString(36)}b${windowMs}`;
  const c = await startConsole(db, b, iface, windowMs);
  const toCommit: number[] = [];
  const toRenderer: number[] = [];
  let measuring = false;
  c.core.fleet.writer.onCommit = (batch) => {
    const now = Date.now();
    if (measuring) for (const r of batch.telemetry) toCommit.push(now - Date.parse(r.ts));
  };
  let deltas = 0;
  const sub = c.client.fleet.onVehicles.subscribe(undefined, {
    onData: (feed) => {
      const now = Date.now();
      if (!measuring || feed.kind !== 'delta') return;
      deltas++;
      for (const v of feed.vehicles) if (v.reportedAt) toRenderer.push(now - Date.parse(v.reportedAt));
    },
  });
  const pub = publisher({ url: b.url, protocolVersion: b.protocolVersion, iface, vehicles: o.vehicles, mode: 'paced', hz: o.hz, seconds: o.seconds });
  await pub.registered;
  // Registration is not measured; a figure taken while vehicles were still registering says so.
  const allRegistered = await waitFor(() => c.core.fleet.vehicles.size === o.vehicles, 120_000);
  const registered = c.core.fleet.vehicles.size;
  measuring = true;
  const elu = performance.eventLoopUtilization();
  pub.go();
  await Promise.race([pub.done, new Promise((r) => setTimeout(r, (o.seconds + 30) * 1000))]);
  const busy = performance.eventLoopUtilization(elu).utilization;
  await pub.stop();
  await new Promise((r) => setTimeout(r, 500));
  measuring = false;
  sub.unsubscribe();
  await c.stop();
  return {
    // A delta goes out at most every `windowMs`, the first after a quiet spell at once: a position waits up to `windowMs`.
    windowMs, vehicles: o.vehicles, hz: o.hz, seconds: o.seconds, messages: toCommit.length, allRegistered, registeredBeforeMeasuring: registered,
    publishToCommitMs: { p50: pct(toCommit, 50), p99: pct(toCommit, 99) },
    publishToRendererMs: { p50: pct(toRenderer, 50), p99: pct(toRenderer, 99), updates: toRenderer.length, messagesToRenderer: deltas, perSecond: Math.round((deltas / o.seconds) * 10) / 10 },
    consoleThreadBusy: Math.round(busy * 100) / 100,
  };
}

/** The live feed's windows compared in the same run: the shipped default and the 100 ms it had before. */
const WINDOWS_MS = [100, testConfig.liveFeedMs, 33];

async function run(db: Db, b: Broker, o: Fleet & { burst: number }, fleet: Fleet) {
  const latencies = [];
  for (const w of WINDOWS_MS) latencies.push(await latency(db, b, o, w));
  // Many distinct vehicles, each slow: what a large site's fleet costs the console (goal: p99 < 250 ms).
  // After the burst, so that the burst meets the same database as before this scenario was added.
  const burst = await sustained(db, b, o);
  const manyVehicles = await latency(db, b, fleet, testConfig.liveFeedMs);
  return { ...burst, latency: latencies, targetP99Ms: 100, manyVehicles: { ...manyVehicles, targetP99Ms: 250 } };
}

export async function ingestBench(o = { burst: 100_000, vehicles: 50, hz: 10, seconds: 15 }, fleet: Fleet = { vehicles: 5000, hz: 1, seconds: 30 }) {
  const b = await openBroker();
  try {
    const bare = await loopback(b, 100_000);
    const loopbackLatencyMs = await loopbackLatency(b, o);
    // The floor for the many vehicles: a bare subscriber reading only each message's timestamp, at the same rate.
    const manyVehiclesLoopbackMs = await loopbackLatency(b, fleet);
    const engines = await onEachEngine((db) => run(db, b, o, fleet));
    // What this machine's cores allow if the console's own work cost nothing: the CPU of publishing, brokering and a
    // bare subscriber's receipt (the loopback) plus PGlite's raw insert, per message, spread over every core.
    const insert = typeof engines.pglite === 'object' ? (engines.pglite as { rawInsertProcessCpuPerRowUs?: number | null }).rawInsertProcessCpuPerRowUs : null;
    const floorUs = bare.cpu.perMessageUs.all !== null && typeof insert === 'number' ? bare.cpu.perMessageUs.all + insert : null;
    return {
      broker: b.name, loopbackMsgsPerSec: bare.msgsPerSec, loopbackCpu: bare.cpu, loopbackLatencyMs, manyVehiclesLoopbackMs, targetPgliteMsgsPerSec: 20_000,
      pgliteCeilingMsgsPerSec: floorUs ? Math.round((availableParallelism() * 1e6) / floorUs) : null, ...engines,
    };
  } finally {
    await b.close();
  }
}
