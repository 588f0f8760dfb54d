// Starts the core's process as the Electron host does, under Node: the real core process
// (electron/core-process.ts, or its build), the main process's real relay (electron/relay.ts) over a
// fake ipcMain and window, and pages that call it through the renderer's own client, with trpc-electron's link.
import { fork, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createClient } from '../../renderer/lib/trpc.js';
import { relayToCore, TRPC_CHANNEL as CHANNEL, type CoreChild, type RelayedEvent } from '../../electron/relay.js';

const WINDOW = 7;
const PAGE = 'app://watchfloor/index.html';

/** A page in a frame: the preload's bridge as trpc-electron exposes it, over the fake ipcMain. */
export function page(ipc: EventEmitter, frame: { sender: number; routingId: number; url: string }) {
  const listeners: ((message: unknown) => void)[] = [];
  const event: RelayedEvent = {
    sender: { id: frame.sender, isDestroyed: () => false },
    senderFrame: { url: frame.url, parent: null, routingId: frame.routingId },
    reply: (_channel, message) => listeners.forEach((l) => l(structuredClone(message))),
  };
  const electronTRPC = {
    sendMessage: (message: unknown) => ipc.emit(CHANNEL, event, structuredClone(message)),
    onMessage: (l: (message: unknown) => void) => listeners.push(l),
  };
  // The renderer's own client, which picks trpc-electron's link when the preload's bridge is there.
  Object.assign(globalThis, { electronTRPC, window: { electronTRPC } });
  return createClient(() => {});
}

/** Demo mode on the embedded database, without a simulated fleet, logging errors only. */
export const QUIET_DEMO = {
  DATABASE_URL: '', WATCHFLOOR_DEMO: 'true', WATCHFLOOR_LOG_LEVEL: 'error',
  WATCHFLOOR_DEMO_VEHICLES: '0', WATCHFLOOR_DEMO_SENSORS: '0', WATCHFLOOR_DEMO_ALERT_SECONDS: '0',
};

/** Runs `entry` (the core process's module) under Node, as Electron's utility process would (utility-port.mjs). */
export function forkCore(entry: string, env: NodeJS.ProcessEnv): ChildProcess {
  return fork(resolve(import.meta.dirname, 'utility-port.mjs'), [entry], {
    execArgv: entry.endsWith('.ts') ? ['--import', 'tsx'] : [],
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env,
  });
}

/** A forked process as the relay sees Electron's UtilityProcess. */
export function asCoreChild(proc: ChildProcess): CoreChild {
  return {
    postMessage: (message: unknown) => void proc.send(message as object),
    on: (event: string, listener: (arg: never) => void) =>
      event === 'message' ? proc.on('message', (m) => listener(m as never)) : proc.on('exit', (code) => listener((code ?? 1) as never)),
    kill: () => proc.kill(),
  } as unknown as CoreChild;
}

/** The core's process in demo mode with no simulated fleet, on a data folder of its own. `entry` is what it runs. */
export function startCoreProcess(entry: string) {
  const dataDir = mkdtempSync(join(tmpdir(), 'wf-core-process-'));
  const ipc = new EventEmitter();
  const contents = Object.assign(new EventEmitter(), { id: WINDOW });
  const refused: string[] = [];
  const ended: string[] = [];
  const proc = forkCore(entry, { ...process.env, ...QUIET_DEMO, WATCHFLOOR_DATA_DIR: dataDir });
  const exitCode = new Promise<number | null>((ok) => proc.once('exit', (code) => ok(code)));
  const child = asCoreChild(proc);
  const relay = relayToCore({ ipc, channel: CHANNEL, child, window: { webContents: contents }, refused: (r) => refused.push(r), ended: (e) => ended.push(e) });
  return {
    relay, contents, refused, ended, exitCode,
    /** `call`, or a failure as soon as the process exits (instead of a call that waits forever). */
    alive: <T>(call: Promise<T>) => Promise.race([call, exitCode.then((code): never => {
      throw new Error(`the core's process exited (${code}): ${ended.join('; ')}`);
    })]),
    page: (routingId: number, url = PAGE) => page(ipc, { sender: WINDOW, routingId, url }),
    cleanUp() {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
