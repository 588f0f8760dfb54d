// The page's keep-alive on its socket to the host, counted in the page's own time.
//
// tRPC's keep-alive closes the socket when the host's "PONG" has not been handled 1.5 s after the
// "PING". On a page whose main thread is busy for seconds (50,000 live points), the pong waits behind
// the page's own work, so a healthy host was given up on and the socket reconnected under load.
// Here the wait only counts time the page could have run: a check that comes late counts for at most
// two steps, and any message from the host shows it is there. tRPC still sends the pings.

/** tRPC's keep-alive still sends the pings, through the pong queue its reconnects rely on; its own timeout is put out of reach. */
export const TRPC_KEEP_ALIVE = { enabled: true, intervalMs: 1000, pongTimeoutMs: 24 * 3_600_000 };

export interface PongWaitOptions {
  /** How long the page waits for any message after a "PING", counted in its own time, before it closes the socket. */
  pongTimeoutMs: number;
  /** How often the wait is counted; a late count adds at most two steps. */
  stepMs: number;
}

export const PONG_WAIT: PongWaitOptions = { pongTimeoutMs: 1500, stepMs: 250 };

export interface Timers {
  now(): number;
  set(run: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

const realTimers: Timers = {
  now: () => performance.now(),
  set: (run, ms) => setTimeout(run, ms),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** The wait for an answer after a ping, counted in the page's own time; `close` when it runs out. */
export function pongWait(close: () => void, timers: Timers = realTimers, o: PongWaitOptions = PONG_WAIT) {
  let check: unknown = null;
  let waited = 0;
  let last = 0;
  const stop = () => {
    timers.clear(check);
    check = null;
  };
  const count = () => {
    const now = timers.now();
    waited += Math.min(now - last, 2 * o.stepMs);
    last = now;
    if (waited < o.pongTimeoutMs) check = timers.set(count, o.stepMs);
    else (check = null), close();
  };
  return {
    /** A "PING" went out: the wait starts, unless one is already counted. */
    pinged(): void {
      if (check !== null) return;
      waited = 0;
      last = timers.now();
      check = timers.set(count, o.stepMs);
    },
    /** Any message from the host answers, and a closed socket waits no more. */
    answered: stop,
  };
}

/** The browser's WebSocket with the wait above, for tRPC's client to open (with TRPC_KEEP_ALIVE). */
export function keptAliveSocket(Base: typeof WebSocket): typeof WebSocket {
  return class KeptAlive extends Base {
    #wait = pongWait(() => this.close());
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols);
      this.addEventListener('message', () => this.#wait.answered());
      this.addEventListener('close', () => this.#wait.answered());
    }

    override send(data: Parameters<WebSocket['send']>[0]): void {
      super.send(data);
      if (data === 'PING') this.#wait.pinged();
    }
  };
}
