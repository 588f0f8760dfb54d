import { errorText } from './errors.js';

/**
 * The newest of overlapping reads wins: `next()` hands out a check that stays true only until the
 * next call or `drop()`. So an answer for an older filter, site, selection or user is thrown away.
 */
export class Latest {
  #n = 0;

  next(): () => boolean {
    this.#n++;
    return this.current();
  }

  /** A check that stays true until the next `next()` or `drop()`, for reads that go with the newest one. */
  current(): () => boolean {
    const n = this.#n;
    return () => n === this.#n;
  }

  /** Every read under way becomes stale (the view stopped, the user changed). */
  drop(): void {
    this.#n++;
  }
}

/** A list read from core: its rows, the last refusal as a sentence, and whether a read is under way. Only the newest read lands. */
export class LiveList<T> {
  rows = $state.raw<T[]>([]);
  error = $state<string | null>(null);
  loading = $state(false);
  readonly latest = new Latest();

  /** Reads the list; answers whether it landed (false: it failed, or a newer read or a reset came first). */
  async load(read: () => Promise<T[]>): Promise<boolean> {
    const fresh = this.latest.next();
    this.loading = true;
    try {
      const rows = await read();
      if (!fresh()) return false;
      this.rows = rows;
      this.error = null;
      return true;
    } catch (err) {
      if (fresh()) this.error = errorText(err);
      return false;
    } finally {
      if (fresh()) this.loading = false;
    }
  }

  reset(): void {
    this.latest.drop();
    this.rows = [];
    this.error = null;
    this.loading = false;
  }
}

/** The selected record and its detail: a detail that answers after the selection moved on is dropped. */
export class Selection<D> {
  id = $state<string | null>(null);
  detail = $state.raw<D | null>(null);
  error = $state<string | null>(null);

  constructor(private readonly read: (id: string) => Promise<D>) {}

  /** Selects a record (null: none) and loads its detail; false when it was selected already. */
  set(id: string | null): boolean {
    if (id === this.id) return false;
    this.id = id;
    this.detail = null;
    this.error = null;
    if (id) void this.load();
    return true;
  }

  /** Loads the selected record's detail again; answers it, or null when it failed or the selection moved. */
  async load(): Promise<D | null> {
    const id = this.id;
    if (!id) return null;
    try {
      const detail = await this.read(id);
      if (id !== this.id) return null;
      this.detail = detail;
      this.error = null;
      return detail;
    } catch (err) {
      if (id === this.id) this.error = errorText(err);
      return null;
    }
  }

  reset(): void {
    this.id = null;
    this.detail = null;
    this.error = null;
  }
}

/** Runs a change: null when it is done (then `after`, which reloads what it changed), else the refusal as a sentence. */
export async function attempt(call: () => Promise<unknown>, after?: () => void): Promise<string | null> {
  try {
    await call();
    after?.();
    return null;
  } catch (err) {
    return errorText(err);
  }
}

/**
 * Subscribes to a change subscription and calls `changed` on each message after the first (which
 * only says the subscription is up); returns the unsubscribe.
 */
export function onLaterMessages<T>(
  subscribe: (handlers: { onData: (m: T) => void; onError: () => void }) => { unsubscribe(): void }, changed: (m: T) => void,
): () => void {
  let first = true;
  const sub = subscribe({ onData: (m) => (first ? (first = false) : changed(m)), onError: () => {} });
  return () => sub.unsubscribe();
}
