import { createWSClient } from '@trpc/client';
import { initTRPC } from '@trpc/server';
import { applyWSSHandler } from '@trpc/server/adapters/ws';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { keptAliveSocket, PONG_WAIT, pongWait, TRPC_KEEP_ALIVE } from './keep-alive.js';

/** Blocks this thread, as a page drawing 50,000 points does. */
const busy = (ms: number) => {
  const end = performance.now() + ms;
  while (performance.now() < end);
};

/**
 * A WebSocket that keeps its thread busy for 3 s right after its first "PING" is sent: the host's
 * "PONG" arrives at once, but the page can only handle it after its own work.
 */
function busyAfterPing(Base: typeof globalThis.WebSocket): typeof globalThis.WebSocket {
  return class extends Base {
    #blocked = false;
    override send(data: Parameters<globalThis.WebSocket['send']>[0]): void {
      super.send(data);
      if (data === 'PING' && !this.#blocked) {
        this.#blocked = true;
        queueMicrotask(() => busy(3000));
      }
    }
  };
}

/** The `ws` package's client, as the browser's WebSocket the page uses. */
const NodeSocket = WebSocket as unknown as typeof globalThis.WebSocket;

/** A real tRPC WebSocket server (it answers "PING" with "PONG") and a client whose socket closes are counted. */
async function serve(client: (url: string, onClose: () => void) => ReturnType<typeof createWSClient>) {
  const t = initTRPC.create();
  const router = t.router({ hello: t.procedure.query(() => 'hello') });
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise((ok) => wss.once('listening', ok));
  const handler = applyWSSHandler({ wss, router });
  let closes = 0;
  const ws = client(`ws://127.0.0.1:${(wss.address() as { port: number }).port}`, () => closes++);
  return {
    closes: () => closes,
    stop: async () => {
      await ws.close();
      handler.broadcastReconnectNotification();
      wss.close();
    },
  };
}

let stop: (() => Promise<void>) | null = null;
afterEach(async () => {
  await stop?.();
  stop = null;
});

/** Waits for the first ping, the 3 s block after it, and a few seconds more in which a close would come. */
const settle = () => new Promise((ok) => setTimeout(ok, TRPC_KEEP_ALIVE.intervalMs + 3000 + 2500));

describe('the keep-alive on a busy page', () => {
  it("tRPC's own keep-alive gives up on a host that answered while the page was busy", { timeout: 20_000 }, async () => {
    const s = await serve((url, onClose) =>
      createWSClient({
        url,
        WebSocket: busyAfterPing(NodeSocket) as never,
        keepAlive: { enabled: true, intervalMs: TRPC_KEEP_ALIVE.intervalMs, pongTimeoutMs: PONG_WAIT.pongTimeoutMs },
        onClose,
      }),
    );
    stop = s.stop;
    await settle();
    expect(s.closes()).toBeGreaterThanOrEqual(1);
  });

  it("the console's keep-alive counts only the page's own time, so the socket stays open", { timeout: 20_000 }, async () => {
    const s = await serve((url, onClose) =>
      createWSClient({
        url,
        WebSocket: keptAliveSocket(busyAfterPing(NodeSocket)) as never,
        keepAlive: TRPC_KEEP_ALIVE,
        onClose,
      }),
    );
    stop = s.stop;
    await settle();
    expect(s.closes()).toBe(0);
  });
});

/** The wait and a clock the test moves by hand: `later(ms)` runs what falls due, `blocked(ms)` runs it late. */
function fake() {
  let now = 0;
  let seq = 0;
  let closed = 0;
  const due = new Map<number, { at: number; run: () => void }>();
  const wait = pongWait(() => void closed++, { now: () => now, set: (run, ms) => (due.set(++seq, { at: now + ms, run }), seq), clear: (h) => void due.delete(h as number) });
  const first = () => [...due.entries()].sort((a, b) => a[1].at - b[1].at)[0];
  /** Moves the clock by `ms`, running each timer when due. */
  const later = (ms: number) => {
    const end = now + ms;
    for (let next = first(); next && next[1].at <= end; next = first()) {
      now = next[1].at;
      due.delete(next[0]);
      next[1].run();
    }
    now = end;
  };
  /** The page is busy for `ms`: nothing runs meanwhile, then what fell due runs once, late. */
  const blocked = (ms: number) => {
    now += ms;
    for (const [id, t] of [...due.entries()].filter(([, t]) => t.at <= now)) {
      due.delete(id);
      t.run();
    }
  };
  return { wait, later, blocked, closed: () => closed };
}

describe('the wait for an answer, step by step', () => {
  it("a host that does not answer a ping is given up on after 1.5 s of the page's time", () => {
    const p = fake();
    p.wait.pinged();
    p.later(PONG_WAIT.pongTimeoutMs - PONG_WAIT.stepMs);
    expect(p.closed()).toBe(0);
    p.later(PONG_WAIT.stepMs);
    expect(p.closed()).toBe(1);
  });

  it('any message from the host answers, and a second ping while one is awaited does not restart the wait', () => {
    const p = fake();
    p.wait.pinged();
    p.later(1000);
    p.wait.answered();
    p.later(10_000);
    expect(p.closed()).toBe(0);
    p.wait.pinged();
    p.later(1000);
    p.wait.pinged();
    p.later(PONG_WAIT.pongTimeoutMs - 1000);
    expect(p.closed()).toBe(1);
  });

  it('a page busy for 3 s after its ping counts at most two steps of it, and the pong handled after that keeps the socket', () => {
    const p = fake();
    p.wait.pinged();
    p.blocked(3000);
    expect(p.closed()).toBe(0);
    p.wait.answered(); // the PONG, handled after the page's own work
    p.later(10_000);
    expect(p.closed()).toBe(0);
  });

  it('a page busy again and again still gives up on a host that never answers', () => {
    const p = fake();
    p.wait.pinged();
    p.blocked(3000);
    p.blocked(3000);
    expect(p.closed()).toBe(0);
    p.blocked(3000);
    expect(p.closed()).toBe(1);
  });
});
