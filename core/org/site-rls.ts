import type { Db, Queryable } from '../../db/index.js';

const WHOLE = Symbol('the database without the site limit');

/**
 * The database as a user limited to some sites uses it on a central database: each statement runs
 * in a transaction that names their sites and them, so row-level security (0033_site_rls.sql) holds
 * them to their sites' cases, missions and audit entries whatever the SQL. A second check of core's
 * own filters, at the cost of a transaction around each read.
 */
export function limitedDb(db: Db, sites: ReadonlySet<string>, userId: string): Db {
  const limit = (tx: Queryable) =>
    tx.query("SELECT set_config('watchfloor.sites', $1, true), set_config('watchfloor.user_id', $2, true)", [`{${[...sites].join(',')}}`, userId]);
  const limited: Db & { [WHOLE]: Db } = {
    [WHOLE]: db,
    mode: db.mode,
    location: db.location,
    query<T>(sql: string, params?: unknown[]) {
      return db.transaction(async (tx) => (await limit(tx), tx.query<T>(sql, params)));
    },
    exec: (sql) => db.exec(sql),
    transaction<T>(fn: (tx: Queryable) => Promise<T>) {
      return db.transaction(async (tx) => (await limit(tx), fn(tx)));
    },
    listen: (channel, onPayload, onLost) => db.listen(channel, onPayload, onLost),
    notify: (channel, payload) => db.notify(channel, payload),
    close: () => db.close(),
  };
  return limited;
}

/**
 * The database itself under a limited user's view of it: for what must see every row to be right
 * and shows no row (the audit chain's check).
 */
export function wholeDb(db: Db): Db {
  return (db as Db & { [WHOLE]?: Db })[WHOLE] ?? db;
}
