// Runs electron/core-process.ts (or its build) under plain Node as Electron's utility process runs
// it: with a `process.parentPort` that carries the parent's messages (here over `fork`'s IPC channel)
// and, like Electron's, holds them until the first listener is attached. Its argument is the module
// to run. Plain JavaScript, so the build runs without a TypeScript loader, as in Electron.
import { EventEmitter } from 'node:events';

const port = Object.assign(new EventEmitter(), { postMessage: (message) => process.send(message) });
const held = [];
process.on('message', (data) => (port.listenerCount('message') ? port.emit('message', { data }) : held.push(data)));
port.on('newListener', (event) => event === 'message' && queueMicrotask(() => held.splice(0).forEach((data) => port.emit('message', { data }))));
Object.assign(process, { parentPort: port });
await import(process.argv[2]);
