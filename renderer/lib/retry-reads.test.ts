import { createTRPCClient, createWSClient, wsLink } from '@trpc/client';
import { initTRPC } from '@trpc/server';
import { applyWSSHandler } from '@trpc/server/adapters/ws';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { lostWithSocket, retryLostReads } from './trpc.js';

/**
 * A real tRPC WebSocket server whose procedures close the caller's socket the first time each is
 * called (as the page's keep-alive does when a busy host answers late), and the real WebSocket client.
 */
async function serve() {
  const t = initTRPC.context<{ socket: WebSocket }>().create();
  const calls = { read: 0, change: 0 };
  const closeFirst = (what: 'read' | 'change', socket: WebSocket) => {
    if (++calls[what] === 1) {
      socket.terminate();
      return new Promise<never>(() => {});
    }
    return Promise.resolve(`${what} ${calls[what]}`);
  };
  const router = t.router({
    read: t.procedure.query(({ ctx }) => closeFirst('read', ctx.socket)),
    change: t.procedure.mutation(({ ctx }) => closeFirst('change', ctx.socket)),
  });
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise((ok) => wss.once('listening', ok));
  const handler = applyWSSHandler({ wss, router, createContext: ({ res }) => ({ socket: res as unknown as WebSocket }) });
  const ws = createWSClient({ url: `ws://127.0.0.1:${(wss.address() as { port: number }).port}`, WebSocket: WebSocket as unknown as typeof globalThis.WebSocket, retryDelayMs: () => 50 });
  const stop = async () => {
    await ws.close();
    handler.broadcastReconnectNotification();
    wss.close();
  };
  return { router, ws, calls, stop };
}

type Served = Awaited<ReturnType<typeof serve>>;
let served: Served | null = null;
afterEach(async () => {
  await served?.stop();
  served = null;
});

const client = (s: Served, retry: boolean) =>
  createTRPCClient<Served['router']>({ links: [...(retry ? [retryLostReads() as never] : []), wsLink({ client: s.ws })] });

describe('reads lost with the socket', () => {
  it('without the retry, a read whose socket closes fails with no word from the host', async () => {
    served = await serve();
    const err = await client(served, false).read.query().catch((e: unknown) => e);
    expect(lostWithSocket(err)).toBe(true);
    expect(served.calls.read).toBe(1);
  });

  it('a read whose socket closes is asked again on the next socket and answers', async () => {
    served = await serve();
    await expect(client(served, true).read.query()).resolves.toBe('read 2');
    expect(served.calls.read).toBe(2);
  });

  it('a change whose socket closes is not sent again (it may have been done): it fails', async () => {
    served = await serve();
    const err = await client(served, true).change.mutate().catch((e: unknown) => e);
    expect(lostWithSocket(err)).toBe(true);
    expect(served.calls.change).toBe(1);
  });
});
