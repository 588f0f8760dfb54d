// The core in a process of its own (Electron's utility process), so that a long query or a burst
// of vehicle messages never stalls the window: the main process keeps the window and relays its
// calls here (core/host/ipc.ts). Messages that arrive while the database opens wait for the core.
import { boot } from '../core/boot.js';
import { bootReport } from '../core/host/boot-report.js';
import { serveWindows, type FromCore, type ToCore, type WindowsServer } from '../core/host/ipc.js';

interface ParentPort {
  on(event: 'message', listener: (e: { data: ToCore }) => void): unknown;
  postMessage(message: FromCore): void;
}
const port = (process as unknown as { parentPort: ParentPort }).parentPort;

const held: ToCore[] = [];
let server: WindowsServer | null = null;
const booting = boot();

let stopping: Promise<never> | null = null;
function stop(code: number): Promise<never> {
  return (stopping ??= (async () => {
    server?.close();
    await booting.then((b) => b.stop(), () => {});
    process.exit(code);
  })());
}

process.once('SIGTERM', () => void stop(0));
port.on('message', ({ data }) => {
  if (data.kind === 'stop') void stop(0);
  else if (server) server.receive(data);
  else held.push(data);
});

booting.then(
  (booted) => {
    process.stdout.write(bootReport(booted));
    server = serveWindows(booted.core, (message) => port.postMessage(message));
    for (const message of held.splice(0)) server.receive(message);
  },
  (err: unknown) => {
    port.postMessage({ kind: 'failed', message: (err as Error).message });
    void stop(1);
  },
);
