import type { Bus, BusEvents } from '../bus.js';

/** The most a subscriber is sent per second. */
export const MAX_UPDATES_PER_SECOND = 10;

/**
 * Coalesces a bus event stream per subscriber: the first message is `snapshot()`,
 * then at most one message per interval carrying only the latest value of each key
 * that changed since the last one. The first change after a quiet spell goes out at
 * once; a busy stream goes out every interval.
 */
export async function* coalesced<K extends keyof BusEvents, T>(opts: {
  bus: Bus;
  event: K;
  key: (e: BusEvents[K]) => string;
  snapshot: () => T;
  delta: (changed: Array<BusEvents[K]>) => T;
  signal?: AbortSignal | undefined;
  intervalMs?: number;
}): AsyncGenerator<T> {
  const interval = opts.intervalMs ?? 1000 / MAX_UPDATES_PER_SECOND;
  let dirty = new Map<string, BusEvents[K]>();
  let wake: (() => void) | null = null;
  const off = opts.bus.on(opts.event, (e) => {
    dirty.set(opts.key(e), e);
    wake?.();
  });
  const aborted = new Promise<void>((resolve) => opts.signal?.addEventListener('abort', () => resolve(), { once: true }));
  const sleep = (ms: number) => new Promise<void>((resolve) => {
    const t = setTimeout(resolve, ms);
    void aborted.then(() => (clearTimeout(t), resolve()));
  });
  try {
    yield opts.snapshot();
    let last = 0;
    while (!opts.signal?.aborted) {
      if (!dirty.size) await Promise.race([new Promise<void>((resolve) => (wake = resolve)), aborted]);
      wake = null;
      // Timers may fire a fraction of a millisecond early: wait until the interval has really passed.
      for (let wait = last + interval - performance.now(); wait > 0 && !opts.signal?.aborted; wait = last + interval - performance.now()) await sleep(wait);
      if (opts.signal?.aborted) break;
      if (!dirty.size) continue;
      const changed = [...dirty.values()];
      dirty = new Map();
      last = performance.now();
      yield opts.delta(changed);
    }
  } finally {
    off();
  }
}
