import type { Bus, BusEvents } from '../bus.js';
import { wakeOrAbort } from '../wake.js';

/** How many messages of a feed may be on their way to a page that has not yet said it drew them. */
export const FEED_WINDOW = 2;

/**
 * How far a page has got with one feed: it says how many messages it has drawn
 * (`ack`), and the feed sends the next only when at most FEED_WINDOW are undrawn.
 */
export class FeedCredit {
  acked = 0;
  #wake: (() => void) | null = null;

  ack(count: number): void {
    if (count <= this.acked) return;
    this.acked = count;
    this.#wake?.();
  }

  /** Resolves once `sent` messages leave room in the window (or the feed ends). */
  async room(sent: number, signal?: AbortSignal): Promise<void> {
    while (sent - this.acked >= FEED_WINDOW && !signal?.aborted) {
      await wakeOrAbort(signal, (wake) => (this.#wake = wake));
      this.#wake = null;
    }
  }
}

/**
 * The open feeds that pace themselves by their page's acknowledgements, by the
 * user and the page's own random id for the feed. Only the same user can speed
 * up (or hold back) a feed, and only their own.
 */
export class FeedCredits {
  #open = new Map<string, FeedCredit>();

  open(key: string): { credit: FeedCredit; close: () => void } {
    const credit = new FeedCredit();
    this.#open.set(key, credit);
    // A resubscription under the same id replaces this one: closing the old one must not remove the new.
    return { credit, close: () => this.#open.get(key) === credit && this.#open.delete(key) };
  }

  ack(key: string, count: number): boolean {
    const credit = this.#open.get(key);
    credit?.ack(count);
    return credit !== undefined;
  }

  get size(): number {
    return this.#open.size;
  }
}

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
  intervalMs: number;
  /**
   * Backpressure: with a credit, a message goes out only when the page has drawn all but
   * FEED_WINDOW - 1 of those before it. Meanwhile changes keep replacing each other per key,
   * so a page that falls behind gets the latest state, never a growing queue.
   */
  credit?: FeedCredit | undefined;
}): AsyncGenerator<T> {
  let dirty = new Map<string, BusEvents[K]>();
  let wake: (() => void) | null = null;
  const off = opts.bus.on(opts.event, (e) => {
    dirty.set(opts.key(e), e);
    wake?.();
  });
  // Changes were missed for good (the change stream was lost past what is kept): the snapshot again, and views reload.
  let reset = false;
  const offReset = opts.bus.on('changes.reset', () => {
    reset = true;
    wake?.();
  });
  const sleep = (ms: number) => wakeOrAbort(opts.signal, (wake) => setTimeout(wake, ms));
  try {
    yield opts.snapshot();
    let sent = 1;
    let last = 0;
    while (!opts.signal?.aborted) {
      if (!dirty.size && !reset) await wakeOrAbort(opts.signal, (w) => (wake = w));
      wake = null;
      await opts.credit?.room(sent, opts.signal);
      // Timers may fire a fraction of a millisecond early: wait until the interval has really passed.
      for (let wait = last + opts.intervalMs - performance.now(); wait > 0 && !opts.signal?.aborted; wait = last + opts.intervalMs - performance.now()) await sleep(wait);
      if (opts.signal?.aborted) break;
      if (reset) {
        reset = false;
        dirty = new Map();
        last = performance.now();
        sent++;
        yield opts.snapshot();
        continue;
      }
      if (!dirty.size) continue;
      const changed = [...dirty.values()];
      dirty = new Map();
      last = performance.now();
      sent++;
      yield opts.delta(changed);
    }
  } finally {
    off();
    offReset();
  }
}
