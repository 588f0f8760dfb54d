// The main process's half of the window's IPC once the core runs in its own process
// (electron/core-process.ts): the window's tRPC messages go there, its answers come back to the
// frame that asked, and the app:// protocol asks it for map tiles. Plain code over the few Electron
// calls it makes, tested against fakes and against the real core process (tests/db/core-process).
import type { TileAnswer } from '../core/basemaps/serve.js';
import type { FromCore, ToCore, WindowMessage } from '../core/host/ipc.js';
import { ipcSenderProblem, type IpcSender } from './guards.js';

/** trpc-electron's IPC channel (its ELECTRON_TRPC_CHANNEL, whose module the window's process need not load). */
export const TRPC_CHANNEL = 'trpc-electron';

/** What the relay uses of Electron's UtilityProcess. */
export interface CoreChild {
  postMessage(message: ToCore): void;
  on(event: 'message', listener: (message: FromCore) => void): unknown;
  on(event: 'exit', listener: (code: number) => void): unknown;
  kill(): boolean;
}

/** What the relay uses of an IPC message's event. */
export interface RelayedEvent extends IpcSender {
  sender: { id: number; isDestroyed(): boolean };
  senderFrame?: { url: string; parent: unknown; routingId: number } | null;
  reply(channel: string, message: unknown): void;
}

/** What the relay uses of ipcMain. */
export interface RelayedIpc {
  on(channel: string, listener: (event: RelayedEvent, message: WindowMessage) => void): unknown;
}

/** What the relay uses of the console's window. */
export interface RelayedWindow {
  webContents: {
    id: number;
    on(event: 'did-start-navigation', listener: (details: { isSameDocument: boolean; frame?: { routingId: number } | null }) => void): unknown;
    on(event: 'destroyed', listener: () => void): unknown;
  };
}

export interface RelayOptions {
  ipc: RelayedIpc;
  channel: string;
  child: CoreChild;
  window: RelayedWindow;
  /** Hears each refused call's reason (for the log). */
  refused: (reason: string) => void;
  /** The core's process ended without being asked to: why, for the operator. */
  ended: (problem: string) => void;
}

export interface Relay {
  tile(path: string): Promise<TileAnswer>;
  /** Asks the core to stop (it closes the database); kills it after `graceMs` if it has not. */
  stop(graceMs?: number): Promise<void>;
}

export function relayToCore({ ipc, channel, child, window, refused, ended }: RelayOptions): Relay {
  const replies = new Map<string, (message: unknown) => void>();
  const tiles = new Map<number, { ok: (answer: TileAnswer) => void; fail: (err: Error) => void }>();
  let lastTile = 0;
  let failed: string | null = null;
  let exited = false;
  let stopping: Promise<void> | null = null;
  let exit: () => void = () => {};
  const gone = new Promise<void>((ok) => (exit = ok));

  ipc.on(channel, (event, message) => {
    const problem = ipcSenderProblem(event, window.webContents.id);
    if (problem) refused(problem);
    // A frame's own socket in the core; a refused frame's is apart, so it never shares the window's session.
    const frame = `${event.sender.id}:${event.senderFrame?.routingId ?? 'gone'}${problem ? ':refused' : ''}`;
    replies.set(frame, (reply) => !event.sender.isDestroyed() && event.reply(channel, reply));
    child.postMessage({ kind: 'call', sender: event.sender.id, frame, refused: problem, message });
  });

  // The window's frames (one, or all when `routingId` is null) with a socket in the core.
  const id = window.webContents.id;
  const framesOf = (routingId: number | null) =>
    [...replies.keys()].filter((key) => {
      const [sender, frame] = key.split(':');
      return sender === String(id) && (routingId === null || frame === String(routingId));
    });
  window.webContents.on('did-start-navigation', ({ isSameDocument, frame }) => {
    if (isSameDocument) return;
    for (const key of framesOf(frame?.routingId ?? null)) {
      replies.delete(key);
      child.postMessage({ kind: 'closed', sender: id, frame: key, forget: false });
    }
  });
  window.webContents.on('destroyed', () => {
    for (const key of framesOf(null)) replies.delete(key);
    child.postMessage({ kind: 'closed', sender: id, frame: null, forget: true });
  });

  child.on('message', (message) => {
    switch (message.kind) {
      case 'reply':
        replies.get(message.frame)?.(message.message);
        return;
      case 'tile':
        tiles.get(message.id)?.ok(message.answer);
        tiles.delete(message.id);
        return;
      case 'failed':
        failed = message.message;
        return;
    }
  });
  child.on('exit', (code) => {
    exited = true;
    exit();
    for (const pending of tiles.values()) pending.fail(new Error('The console\'s core has stopped.'));
    tiles.clear();
    if (!stopping) ended(failed ?? `The console's core stopped unexpectedly (exit code ${code}).`);
  });

  return {
    tile(path) {
      if (exited) return Promise.reject(new Error('The console\'s core has stopped.'));
      const tileId = ++lastTile;
      return new Promise((ok, fail) => {
        tiles.set(tileId, { ok, fail });
        child.postMessage({ kind: 'tile', id: tileId, path });
      });
    },
    stop(graceMs = 30_000) {
      stopping ??= (async () => {
        if (exited) return;
        child.postMessage({ kind: 'stop' });
        let timer: NodeJS.Timeout | undefined;
        const late = new Promise<'late'>((ok) => (timer = setTimeout(() => ok('late'), graceMs)));
        if ((await Promise.race([gone, late])) === 'late') {
          child.kill();
          await gone;
        }
        clearTimeout(timer);
      })();
      return stopping;
    },
  };
}
