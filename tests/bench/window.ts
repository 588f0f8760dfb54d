// How free the Electron window's process stays while its core starts and works: the event loop's
// delay on this thread (the window's process) and a page's call through the relay, with the core
// (a demo fleet on the embedded broker and database) in this process, as before, and in a process of
// its own, as now (electron/core-process.ts, forked under Node as in tests/db/core-process.ts).
// Floor: the same thread's delay with nothing running.
import { EventEmitter } from 'node:events';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { boot } from '../../core/boot.js';
import { serveWindows, type FromCore, type ToCore } from '../../core/host/ipc.js';
import { relayToCore, TRPC_CHANNEL, type CoreChild } from '../../electron/relay.js';
import { asCoreChild, forkCore, page, QUIET_DEMO } from '../db/core-process.js';

const ms = (ns: number) => Math.round(ns / 1e4) / 100;
const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? NaN;

/** The core in this process, reached through the same relay and frame sockets, with no process between. */
async function inThisProcess(env: NodeJS.ProcessEnv): Promise<{ child: CoreChild; stop(): Promise<void> }> {
  const booted = await boot({}, env);
  const emitter = new EventEmitter();
  const server = serveWindows(booted.core, (m: FromCore) => setImmediate(() => emitter.emit('message', structuredClone(m))));
  const child = {
    postMessage: (m: ToCore) => setImmediate(() => server.receive(structuredClone(m))),
    on: (event: string, l: (arg: FromCore) => void) => emitter.on(event, l),
    kill: () => true,
  } as unknown as CoreChild;
  return { child, stop: async () => (server.close(), await booted.stop()) };
}

// What Electron runs, when built (`npm run build`); else the source, which the fork compiles as it loads.
const built = resolve(import.meta.dirname, '../../out/main/core.js');
const entry = existsSync(built) ? built : resolve(import.meta.dirname, '../../electron/core-process.ts');

async function scenario(where: 'this process' | 'own process', o: { vehicles: number; seconds: number }) {
  const dataDir = mkdtempSync(join(tmpdir(), 'wf-bench-window-'));
  const env = { ...process.env, ...QUIET_DEMO, WATCHFLOOR_DATA_DIR: dataDir, WATCHFLOOR_DEMO_VEHICLES: String(o.vehicles), WATCHFLOOR_LOG_LEVEL: 'warn' };
  const lag = monitorEventLoopDelay({ resolution: 1 });
  lag.enable();
  const t0 = performance.now();
  let stop: () => Promise<void>;
  let child: CoreChild;
  if (where === 'own process') {
    const proc = forkCore(entry, env);
    child = asCoreChild(proc);
    stop = () => new Promise((ok) => (proc.once('exit', () => ok()), proc.send({ kind: 'stop' })));
  } else {
    ({ child, stop } = await inThisProcess(env));
  }
  const ipc = new EventEmitter();
  const contents = Object.assign(new EventEmitter(), { id: 1 });
  relayToCore({ ipc, channel: TRPC_CHANNEL, child, window: { webContents: contents }, refused: () => {}, ended: () => {} });
  const client = page(ipc, { sender: 1, routingId: 1, url: 'app://watchfloor/index.html' });
  await client.system.health.query();
  const ready = performance.now() - t0;
  // A call every 100 ms for `seconds` while the fleet runs: what the page waits for an answer.
  const calls: number[] = [];
  for (const end = performance.now() + o.seconds * 1000; performance.now() < end;) {
    const t = performance.now();
    await client.system.health.query();
    calls.push(performance.now() - t);
    await new Promise((r) => setTimeout(r, 100));
  }
  lag.disable();
  await stop!();
  rmSync(dataDir, { recursive: true, force: true });
  calls.sort((a, b) => a - b);
  return {
    readyMs: Math.round(ready),
    eventLoopDelayMs: { p50: ms(lag.percentile(50)), p99: ms(lag.percentile(99)), max: ms(lag.max) },
    callMs: { p50: Math.round(pct(calls, 0.5) * 10) / 10, p95: Math.round(pct(calls, 0.95) * 10) / 10, count: calls.length },
  };
}

export async function windowBench(o = { vehicles: 300, seconds: 30 }) {
  const idle = monitorEventLoopDelay({ resolution: 1 });
  idle.enable();
  await new Promise((r) => setTimeout(r, 5000));
  idle.disable();
  const floor = { p50: ms(idle.percentile(50)), p99: ms(idle.percentile(99)), max: ms(idle.max) };
  const before = await scenario('this process', o);
  const now = await scenario('own process', o);
  return {
    coreProcess: entry === built ? 'out/main/core.js' : 'electron/core-process.ts (no build)',
    scenario: `demo fleet of ${o.vehicles} vehicles at 2 Hz on the embedded broker and database; the window's thread measured from the core's start through ${o.seconds} s of a call every 100 ms`,
    floor: { eventLoopDelayMs: floor },
    coreInThisProcess: before,
    coreInOwnProcess: now,
    p99DelayVsFloor: { coreInThisProcess: Math.round((before.eventLoopDelayMs.p99 / floor.p99) * 100) / 100, coreInOwnProcess: Math.round((now.eventLoopDelayMs.p99 / floor.p99) * 100) / 100 },
  };
}
