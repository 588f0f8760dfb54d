import type pg from 'pg';
import { DbError } from './errors.js';
import type { Db, Queryable } from './types.js';

/** The URL without its password, for messages and the status bar. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres://(unparseable URL)';
  }
}

/** Connects a pool to a central PostgreSQL; fails fast with a clear message when it does not answer. */
export async function openPostgres(url: string, poolSize = 10): Promise<Db> {
  // Loaded here, not with the core: an embedded console never needs it.
  const { default: pg } = await import('pg');
  const types = {
    getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
      oid === 20 || oid === 1700
        ? (v: string) => v
        : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
  };
  // Set for the console's own connections; the server's settings stay as they are for others.
  // - No JIT: the console's queries are short, and compiling one took longer than running it
  //   (146 of 395 ms for the replay's missions at a moment, whose estimate passed jit_above_cost).
  // - Parallel workers only for queries costly enough to repay starting them (reports over
  //   months), not for a lookup the planner overestimates: the same query spent 40 of 45 ms
  //   starting a worker, 5 ms without (the default parallel_setup_cost is 1000).
  // Set on each new connection before the pool hands it out (a startup `options` parameter would
  // be refused by a PgBouncer in front of the server).
  const pool = new pg.Pool({
    connectionString: url, max: poolSize, connectionTimeoutMillis: 5000, types,
    onConnect: (client) => client.query('SET jit = off; SET parallel_setup_cost = 10000').then(() => {}, () => {}),
  });
  pool.on('error', () => {}); // idle-client errors surface on the next query instead
  try {
    (await pool.connect()).release();
  } catch (err) {
    await pool.end().catch(() => {});
    throw new DbError(
      'unreachable',
      `The central database at ${redactUrl(url)} did not answer (${(err as Error).message}). ` +
        'Check DATABASE_URL and that PostgreSQL is running, or unset DATABASE_URL to use the embedded database.',
      { cause: err },
    );
  }
  const wrap = (q: pg.Pool | pg.PoolClient): Queryable => ({
    async query<T>(sql: string, params?: unknown[]) {
      return (await q.query(sql, params)).rows as T[];
    },
    async exec(sql: string) {
      await q.query(sql);
    },
  });
  let listener: pg.PoolClient | undefined;
  const handlers = new Map<string, Set<{ payload: (payload: string) => void; lost: ((err: Error) => void) | undefined }>>();
  return {
    mode: 'central',
    location: redactUrl(url),
    ...wrap(pool),
    async transaction(fn) {
      const client = await pool.connect();
      // A connection cut while checked out (the server stopped) errors the next query; the event itself must not go unhandled.
      let broken: Error | undefined;
      const ignore = (err: Error) => (broken = err);
      client.on('error', ignore);
      try {
        await client.query('BEGIN');
        const result = await fn(wrap(client));
        await client.query('COMMIT');
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => {});
        throw err;
      } finally {
        client.off('error', ignore);
        client.release(broken);
      }
    },
    async listen(channel, onPayload, onLost) {
      if (!listener) {
        const client = await pool.connect();
        listener = client;
        client.on('notification', (n) => handlers.get(n.channel)?.forEach((h) => h.payload(n.payload ?? '')));
        // A lost listening connection ends every listener on it: each is told once and sets up again.
        const drop = (err: Error) => {
          if (listener !== client) return;
          listener = undefined;
          client.release(err);
          const lost = [...handlers.values()].flatMap((set) => [...set]);
          handlers.clear();
          lost.forEach((h) => h.lost?.(err));
        };
        client.on('error', drop);
        client.on('end', () => drop(new Error('the database closed the connection')));
      }
      const client = listener;
      let set = handlers.get(channel);
      if (!set) {
        handlers.set(channel, (set = new Set()));
        await client.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
      }
      const handler = { payload: onPayload, lost: onLost };
      set.add(handler);
      return async () => {
        set.delete(handler);
        if (set.size === 0 && handlers.get(channel) === set && listener === client) {
          handlers.delete(channel);
          await client.query(`UNLISTEN ${pg.escapeIdentifier(channel)}`);
        }
      };
    },
    async notify(channel, payload) {
      await pool.query('SELECT pg_notify($1, $2)', [channel, payload]);
    },
    async close() {
      listener?.release();
      listener = undefined;
      await pool.end();
    },
  };
}
