// The page's keep-alive on its socket to the host, counted in the page's own time.
//
// tRPC's keep-alive closes the socket when the host's "PONG" has not been handled 1.5 s after the
// "PING". On a page whose main thread is busy for seconds (50,000 live points), the pong waits behind
// the page's own work, so a healthy host was given up on and the socket reconnected under load.
// Here the wait only counts time the page could have run: a check that comes late counts for at most
// two steps, and any message from the host shows it is there.

export interface KeepAliveOptions {
  /** Quiet time after the last message before a "PING" is sent. */
  intervalMs: number;
  /** How long the page waits for any message after a "PING", counted in its own time, before it closes the socket. */
  pongTimeoutMs: number;
  /** How often the wait is counted; a late count adds at most two steps. */
  stepMs: number;
}

export const KEEP_ALIVE: KeepAliveOptions = { intervalMs: 1000, pongTimeoutMs: 1500, stepMs: 250 };

/** What the keep-alive needs of a WebSocket. */
export interface Pingable {
  send(data: string): void;
  close(): void;
  addEventListener(type: 'open' | 'message' | 'close', listener: () => void): void;
}

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

export function keepAlive(ws: Pingable, timers: Timers = realTimers, o: KeepAliveOptions = KEEP_ALIVE): void {
  let ping: unknown = null;
  let check: unknown = null;
  let waited = 0;
  let last = 0;
  const stop = () => {
    timers.clear(ping);
    timers.clear(check);
    ping = check = null;
  };
  const count = () => {
    const now = timers.now();
    waited += Math.min(now - last, 2 * o.stepMs);
    last = now;
    if (waited >= o.pongTimeoutMs) {
      stop();
      ws.close();
    } else check = timers.set(count, o.stepMs);
  };
  const quiet = () => {
    stop();
    ping = timers.set(() => {
      ping = null;
      ws.send('PING');
      waited = 0;
      last = timers.now();
      check = timers.set(count, o.stepMs);
    }, o.intervalMs);
  };
  ws.addEventListener('open', quiet);
  ws.addEventListener('message', quiet);
  ws.addEventListener('close', stop);
}

/** The browser's WebSocket with the keep-alive above, for tRPC's client to open. */
export function keptAliveSocket(Base: typeof WebSocket): typeof WebSocket {
  return class KeptAlive extends Base {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols);
      keepAlive(this);
    }
  };
}
