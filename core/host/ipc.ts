// The core's side of the Electron window's IPC, when the core runs in a process of its own
// (electron/core-process.ts). The main process relays what trpc-electron's renderer link sends;
// each of the window's frames gets a socket of its own here, answered by tRPC's WebSocket
// connection handler: the same code that answers the browser host's sockets.
import { EventEmitter } from 'node:events';
import type { IncomingMessage } from 'node:http';
import { getWSConnectionHandler } from '@trpc/server/adapters/ws';
import { answerTile, type TileAnswer } from '../basemaps/serve.js';
import type { Connection } from '../iam/connection.js';
import type { Core } from '../index.js';

/** What trpc-electron's renderer link sends: a call, or the end of a subscription. */
export type WindowMessage =
  | { method: 'request'; operation: { id: number; type: 'query' | 'mutation' | 'subscription'; path: string; input?: unknown } }
  | { method: 'subscription.stop'; id: number };

/** From the main process to the core's. */
export type ToCore =
  /** A frame's message; `sender` is its window, `frame` names the frame's socket, `refused` why it may not call. */
  | { kind: 'call'; sender: number; frame: string; refused: string | null; message: WindowMessage }
  /** A frame navigated or closed: its subscriptions stop. With `forget`, the window is gone with its session. */
  | { kind: 'closed'; sender: number; frame: string | null; forget: boolean }
  | { kind: 'tile'; id: number; path: string }
  | { kind: 'stop' };

/** From the core's process to the main process. */
export type FromCore =
  | { kind: 'reply'; frame: string; message: unknown }
  | { kind: 'tile'; id: number; answer: TileAnswer }
  /** The core could not start (an invalid configuration, say): the main process shows why and quits. */
  | { kind: 'failed'; message: string };

const OPEN = 1;
const CLOSED = 3;

/** What tRPC's connection handler uses of a WebSocket. */
class FrameSocket extends EventEmitter {
  readyState = OPEN;
  constructor(readonly sender: number, readonly conn: Connection, private readonly deliver: (message: unknown) => void) {
    super();
  }
  send(data: string): void {
    if (this.readyState === OPEN) this.deliver(JSON.parse(data));
  }
  close(): void {
    if (this.readyState === CLOSED) return;
    this.readyState = CLOSED;
    this.emit('close');
  }
}

/** trpc-electron's message in tRPC's WebSocket protocol (anything else reaches the handler as a message it cannot parse). */
function asWsMessage(message: WindowMessage): unknown {
  if (message?.method === 'subscription.stop') return { id: message.id, method: 'subscription.stop' };
  const op = message?.method === 'request' ? message.operation : null;
  return op ? { id: op.id, method: op.type, params: { path: op.path, input: op.input } } : {};
}

const REQUEST = { url: '/trpc', headers: {} } as IncomingMessage;

export interface WindowsServer {
  /** Handles one message from the main process (`stop` is its owner's to handle). */
  receive(message: ToCore): void;
  /** Closes every frame's socket, which stops their subscriptions. */
  close(): void;
}

/**
 * Answers the window's frames for `core`. A window keeps its session (its connection) across
 * reloads, as with trpc-electron in the main process; a frame's subscriptions end when it navigates.
 */
export function serveWindows(core: Core, post: (message: FromCore) => void): WindowsServer {
  const conns = new Map<number, Connection>();
  const sockets = new Map<string, FrameSocket>();
  const connect = getWSConnectionHandler({
    // Its options' type asks for the server, which only applyWSSHandler uses: there is none here.
    wss: null as never,
    router: core.router,
    createContext: ({ res }) => core.context('ipc', (res as unknown as FrameSocket).conn),
  });

  function socketFor(sender: number, frame: string, refused: string | null): FrameSocket {
    const open = sockets.get(frame);
    if (open) return open;
    let conn = refused ? { token: null, refused } : conns.get(sender);
    if (!conn) conns.set(sender, (conn = { token: null }));
    const socket = new FrameSocket(sender, conn, (message) => post({ kind: 'reply', frame, message }));
    sockets.set(frame, socket);
    connect(socket as never, REQUEST);
    return socket;
  }

  function close(sender: number, frame: string | null): void {
    for (const [key, socket] of sockets) {
      if (socket.sender !== sender || (frame !== null && key !== frame)) continue;
      sockets.delete(key);
      socket.close();
    }
  }

  return {
    receive(message) {
      switch (message.kind) {
        case 'call':
          socketFor(message.sender, message.frame, message.refused).emit('message', Buffer.from(JSON.stringify(asWsMessage(message.message))), false);
          return;
        case 'closed':
          close(message.sender, message.frame);
          if (message.forget) conns.delete(message.sender);
          return;
        case 'tile':
          void answerTile(core.basemaps, message.path).then((answer) => post({ kind: 'tile', id: message.id, answer }));
          return;
        case 'stop':
          return;
      }
    },
    close() {
      for (const socket of sockets.values()) socket.close();
      sockets.clear();
    },
  };
}
