import { DbError } from './errors.js';
import type { Db, DbMode } from './types.js';

/**
 * A central database that could not be reached at start: stands in for it (every
 * call fails with the reason, as `faultDb` does) while it keeps trying to open it,
 * with backoff up to `maxDelayMs`, and delegates to it from the moment it opens. The
 * console starts anyway and comes up by itself when the database does.
 */
export function openLater(mode: DbMode, location: string, first: DbError, open: () => Promise<Db>, opts: { maxDelayMs?: number; onError?: (err: DbError) => void } = {}): Db & { ready: Promise<Db> } {
  let current: Db | null = null;
  let closed = false;
  let fault = first;
  let timer: NodeJS.Timeout | null = null;
  let resolveReady: (db: Db) => void = () => {};
  const ready = new Promise<Db>((ok) => (resolveReady = ok));
  const attempt = (delayMs: number) => {
    timer = setTimeout(() => {
      if (closed) return;
      open().then(
        (db) => {
          if (closed) return void db.close();
          current = db;
          resolveReady(db);
        },
        (err: unknown) => {
          const e = err instanceof DbError ? err : new DbError('unreachable', `The database could not be opened: ${(err as Error).message}`, { cause: err });
          // A database that answers but is refused (too new, corrupt) stays refused: no more tries.
          if (e.code !== 'unreachable') return opts.onError?.((fault = e));
          fault = e;
          attempt(Math.min(delayMs * 2, opts.maxDelayMs ?? 15_000));
        },
      );
    }, delayMs);
    timer.unref();
  };
  attempt(1000);
  const fail = () => Promise.reject(fault);
  return {
    mode,
    location,
    ready,
    query: (sql, params) => (current ? current.query(sql, params) : fail()),
    exec: (sql) => (current ? current.exec(sql) : fail()),
    transaction: (fn) => (current ? current.transaction(fn) : fail()),
    listen: (channel, onPayload, onLost) => (current ? current.listen(channel, onPayload, onLost) : fail()),
    notify: (channel, payload) => (current ? current.notify(channel, payload) : fail()),
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      await current?.close();
    },
  };
}
