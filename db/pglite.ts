import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import { cube } from '@electric-sql/pglite/contrib/cube';
import { earthdistance } from '@electric-sql/pglite/contrib/earthdistance';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { DbError } from './errors.js';
import { closeFolder } from './file-modes.js';
import { lockDataDir } from './lock.js';
import type { Db, Queryable } from './types.js';

/** int8 and numeric come back as strings on both engines (no silent precision loss). */
const parsers = { 20: (v: string) => v, 1700: (v: string) => v };

/** Opens PGlite in `dataDir`, or in memory when `dataDir` is undefined. */
export async function openPglite(dataDir?: string): Promise<Db> {
  let release = () => {};
  if (dataDir) {
    checkDataDir(dataDir);
    mkdirSync(dirname(dataDir), { recursive: true, mode: 0o700 });
    release = lockDataDir(dataDir);
  }
  let pg: PGlite;
  try {
    pg = await PGlite.create(dataDir ?? 'memory://', {
      extensions: { cube, earthdistance, pg_trgm },
      parsers,
    });
  } catch (err) {
    release();
    throw new DbError(
      'corrupt',
      `The embedded database at ${dataDir} could not be opened (${(err as Error).message}). ` +
        'It was left as it is; move it aside to start with a new one.',
      { cause: err },
    );
  }
  // The WAL holds password hashes and contacts in clear: owner only, whatever the umask was.
  if (dataDir) {
    try {
      closeFolder(dataDir);
    } catch (err) {
      await pg.close().catch(() => {});
      release();
      throw err;
    }
  }
  const wrap = (q: PGlite | Transaction): Queryable => ({
    async query<T>(sql: string, params?: unknown[]) {
      return (await q.query<T>(sql, params)).rows;
    },
    async exec(sql: string) {
      await q.exec(sql);
    },
  });
  return {
    mode: 'embedded',
    location: dataDir ?? 'memory',
    ...wrap(pg),
    transaction: (fn) => pg.transaction((tx) => fn(wrap(tx))),
    async listen(channel, onPayload) {
      const unlisten = await pg.listen(channel, onPayload);
      return async () => unlisten();
    },
    async notify(channel, payload) {
      await pg.query('SELECT pg_notify($1, $2)', [channel, payload]);
    },
    async close() {
      try {
        if (!pg.closed) await pg.close();
        if (dataDir) closeFolder(dataDir);
      } finally {
        release();
      }
    },
  };
}

/** A non-empty directory without PG_VERSION is not a database: refuse rather than initdb over it. */
function checkDataDir(dataDir: string): void {
  if (!existsSync(dataDir)) return;
  const entries = readdirSync(dataDir);
  if (entries.length > 0 && !entries.includes('PG_VERSION')) {
    throw new DbError(
      'corrupt',
      `${dataDir} is not an embedded Watchfloor database (no PG_VERSION). It was left untouched; ` +
        'point WATCHFLOOR_DATA_DIR elsewhere or move the folder aside.',
    );
  }
}
