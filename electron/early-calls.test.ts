import { EventEmitter } from 'node:events';
import { expect, it } from 'vitest';
import { holdEarlyCalls } from './early-calls.js';

it('hands calls made before the handler existed to it once, in order, and later ones straight through', () => {
  const ipc = new EventEmitter();
  const early = holdEarlyCalls(ipc, 'trpc-electron');
  ipc.emit('trpc-electron', { sender: 1 }, { id: 1, method: 'request' });
  ipc.emit('trpc-electron', { sender: 1 }, { id: 2, method: 'subscription' });
  ipc.emit('other', 'not held');
  const seen: unknown[] = [];
  ipc.on('trpc-electron', (event, message) => seen.push([event, message]));
  expect(seen).toEqual([]);
  early.release();
  ipc.emit('trpc-electron', { sender: 1 }, { id: 3, method: 'request' });
  expect(seen).toEqual([
    [{ sender: 1 }, { id: 1, method: 'request' }],
    [{ sender: 1 }, { id: 2, method: 'subscription' }],
    [{ sender: 1 }, { id: 3, method: 'request' }],
  ]);
  expect(ipc.listenerCount('trpc-electron')).toBe(1);
});
