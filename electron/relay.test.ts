import { EventEmitter } from 'node:events';
import { ELECTRON_TRPC_CHANNEL } from 'trpc-electron/renderer';
import { describe, expect, it } from 'vitest';
import type { FromCore, ToCore } from '../core/host/ipc.js';
import { relayToCore, TRPC_CHANNEL as CHANNEL, type CoreChild, type RelayedEvent } from './relay.js';

const WINDOW = 3;
const PAGE = 'app://watchfloor/index.html';

/** The core's utility process as the relay sees it: what it was sent, and a way to answer or exit. */
class FakeChild extends EventEmitter {
  sent: ToCore[] = [];
  killed = false;
  postMessage(message: ToCore) {
    this.sent.push(message);
  }
  kill() {
    this.killed = true;
    queueMicrotask(() => this.emit('exit', 143));
    return true;
  }
  answer(message: FromCore) {
    this.emit('message', message);
  }
}

function setup() {
  const ipc = new EventEmitter();
  const child = new FakeChild();
  const contents = Object.assign(new EventEmitter(), { id: WINDOW });
  const refused: string[] = [];
  const ended: string[] = [];
  const relay = relayToCore({ ipc, channel: CHANNEL, child: child as unknown as CoreChild, window: { webContents: contents }, refused: (r) => refused.push(r), ended: (e) => ended.push(e) });
  const replies: { frame: number; message: unknown }[] = [];
  const send = (sender: number, routingId: number, url: string, message: unknown) => {
    const event: RelayedEvent = {
      sender: { id: sender, isDestroyed: () => false },
      senderFrame: { url, parent: null, routingId },
      reply: (channel, reply) => (expect(channel).toBe(CHANNEL), replies.push({ frame: routingId, message: reply })),
    };
    ipc.emit(CHANNEL, event, message);
  };
  return { child, contents, relay, refused, ended, replies, send };
}

const call = (id: number) => ({ method: 'request', operation: { id, type: 'query', path: 'system.health' } });

describe('relay to the core\'s process', () => {
  it('listens on trpc-electron\'s channel', () => expect(CHANNEL).toBe(ELECTRON_TRPC_CHANNEL));

  it('passes the window\'s calls on with their frame, and each answer back to the frame that asked', () => {
    const { child, send, replies, refused } = setup();
    send(WINDOW, 1, PAGE, call(1));
    send(WINDOW, 2, PAGE, call(2));
    expect(child.sent).toEqual([
      { kind: 'call', sender: WINDOW, frame: '3:1', refused: null, message: call(1) },
      { kind: 'call', sender: WINDOW, frame: '3:2', refused: null, message: call(2) },
    ]);
    child.answer({ kind: 'reply', frame: '3:2', message: { id: 2, result: { type: 'data', data: 'b' } } });
    child.answer({ kind: 'reply', frame: '3:1', message: { id: 1, result: { type: 'data', data: 'a' } } });
    child.answer({ kind: 'reply', frame: '9:9', message: 'nobody asked' });
    expect(replies).toEqual([{ frame: 2, message: { id: 2, result: { type: 'data', data: 'b' } } }, { frame: 1, message: { id: 1, result: { type: 'data', data: 'a' } } }]);
    expect(refused).toEqual([]);
  });

  it('passes a foreign page\'s or another window\'s call on as refused, on a socket of its own', () => {
    const { child, send, refused } = setup();
    send(WINDOW, 1, 'http://127.0.0.1:9/', call(1));
    send(12, 1, PAGE, call(2));
    expect(child.sent.map((m) => m.kind === 'call' && [m.frame, m.refused])).toEqual([
      ['3:1:refused', expect.stringMatching(/IPC from http:\/\/127\.0\.0\.1:9\/ is refused/)],
      ['12:1:refused', expect.stringMatching(/IPC from webContents 12, not the console's window, is refused/)],
    ]);
    expect(refused).toHaveLength(2);
  });

  it('closes a frame\'s socket when it navigates to another document, and the window\'s session when it is gone', () => {
    const { child, contents, send } = setup();
    send(WINDOW, 1, PAGE, call(1));
    send(WINDOW, 2, PAGE, call(2));
    child.sent = [];
    contents.emit('did-start-navigation', { isSameDocument: true, frame: { routingId: 1 } });
    expect(child.sent).toEqual([]);
    contents.emit('did-start-navigation', { isSameDocument: false, frame: { routingId: 1 } });
    expect(child.sent).toEqual([{ kind: 'closed', sender: WINDOW, frame: '3:1', forget: false }]);
    contents.emit('destroyed');
    expect(child.sent.at(-1)).toEqual({ kind: 'closed', sender: WINDOW, frame: null, forget: true });
  });

  it('asks the core for tiles and matches each answer to its request', async () => {
    const { child, relay } = setup();
    const a = relay.tile('a/1/0/0');
    const b = relay.tile('b/1/0/0');
    expect(child.sent).toEqual([{ kind: 'tile', id: 1, path: 'a/1/0/0' }, { kind: 'tile', id: 2, path: 'b/1/0/0' }]);
    child.answer({ kind: 'tile', id: 2, answer: { status: 404, headers: {}, body: null } });
    child.answer({ kind: 'tile', id: 1, answer: { status: 204, headers: {}, body: null } });
    expect((await a).status).toBe(204);
    expect((await b).status).toBe(404);
  });

  it('says why when the core\'s process ends unasked, and fails the tiles still waiting', async () => {
    const { child, relay, ended } = setup();
    const waiting = relay.tile('a/1/0/0');
    child.answer({ kind: 'failed', message: 'WATCHFLOOR_PORT must be a number' });
    child.emit('exit', 1);
    await expect(waiting).rejects.toThrow(/core has stopped/);
    expect(ended).toEqual(['WATCHFLOOR_PORT must be a number']);

    const other = setup();
    other.child.emit('exit', 134);
    expect(other.ended).toEqual(['The console\'s core stopped unexpectedly (exit code 134).']);
  });

  it('stops the core by asking it, and kills it only when it does not stop within the grace time', async () => {
    const polite = setup();
    const stopped = polite.relay.stop();
    expect(polite.child.sent).toEqual([{ kind: 'stop' }]);
    polite.child.emit('exit', 0);
    await stopped;
    expect(polite.child.killed).toBe(false);
    expect(polite.ended).toEqual([]);

    const stuck = setup();
    await stuck.relay.stop(20);
    expect(stuck.child.killed).toBe(true);
    expect(stuck.ended).toEqual([]);
  });
});
