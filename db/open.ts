import { join } from 'node:path';
import { migrate } from './migrate.js';
import { openPglite } from './pglite.js';
import { openPostgres } from './postgres.js';
import type { Db } from './types.js';

export interface OpenDbOptions {
  /** A PostgreSQL URL selects the central database; otherwise the embedded one. */
  databaseUrl?: string;
  /** Folder for the embedded database; undefined with `memory` keeps it in memory. */
  dataDir?: string;
  memory?: boolean;
}

/** Opens the configured engine and brings its schema up to date; closes it again if that fails. */
export async function openDb(opts: OpenDbOptions): Promise<Db> {
  const db = opts.databaseUrl
    ? await openPostgres(opts.databaseUrl)
    : await openPglite(opts.memory ? undefined : join(opts.dataDir ?? '.', 'pgdata'));
  try {
    await migrate(db);
    return db;
  } catch (err) {
    await db.close().catch(() => {});
    throw err;
  }
}
