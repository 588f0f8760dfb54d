import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DbError } from './errors.js';
import { APPLIED_FILE, checkApplied, loadMigrations, migrate, readApplied, type Applied } from './migrate.js';
import { openPglite } from './pglite.js';
import { openPostgres } from './postgres.js';
import { readMarker, usableTemplate } from './template.js';
import type { Db } from './types.js';

export interface OpenDbOptions {
  /** A PostgreSQL URL selects the central database; otherwise the embedded one. */
  databaseUrl?: string;
  /** Folder for the embedded database (it lives in `pgdata/` inside). */
  dataDir?: string;
  /** Keep the embedded database in memory (tests, throwaway demos). */
  memory?: boolean;
  /** The embedded database's thread tells this of a call it has not answered in 30 s (the default warns on stderr). */
  onStall?: (message: string) => void;
  /** Where a new embedded database is copied from (default the build's, db/template.ts); unused if it does not fit the code. */
  template?: string;
}

/**
 * Opening PostgreSQL writes to its files even for a read, so the embedded
 * database keeps its applied-migration list beside it too (APPLIED_FILE): a
 * database newer than the code is refused before it is opened, and stays
 * byte-for-byte as it was.
 */
function checkMarker(pgdata: string): void {
  let applied: Applied[] | null;
  try {
    applied = readMarker(pgdata);
  } catch (err) {
    throw new DbError('corrupt', `${join(pgdata, APPLIED_FILE)} is unreadable (${(err as Error).message}); the database was left untouched.`);
  }
  if (applied) checkApplied(applied, loadMigrations());
}

/**
 * Opens the configured engine and brings its schema up to date; closes it again if that fails.
 * The embedded one runs on a thread of its own, as the hosts need it; a new one starts as a
 * copy of the build's template where there is one (db/template.ts).
 */
export async function openDb(opts: OpenDbOptions): Promise<Db> {
  const pgdata = opts.databaseUrl || opts.memory ? undefined : join(opts.dataDir ?? '.', 'pgdata');
  if (pgdata) checkMarker(pgdata);
  const db = opts.databaseUrl ? await openPostgres(opts.databaseUrl) : await openPglite(pgdata, undefined, { thread: true, onStall: opts.onStall, template: () => usableTemplate(opts.template) });
  try {
    await migrate(db);
    if (pgdata) writeFileSync(join(pgdata, APPLIED_FILE), JSON.stringify(await readApplied(db), null, 1));
    return db;
  } catch (err) {
    await db.close().catch(() => {});
    throw err;
  }
}
