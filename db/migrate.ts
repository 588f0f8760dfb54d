import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DbError } from './errors.js';
import { PACKAGE_ROOT } from './paths.js';
import type { Db } from './types.js';

export interface Migration {
  version: number;
  name: string;
  sql: string;
  checksum: string;
}

export const MIGRATIONS_DIR = join(PACKAGE_ROOT, 'db', 'migrations');

/** Reads `NNNN_name.sql` files; versions must run 1, 2, 3… without gaps. */
export function loadMigrations(dir = MIGRATIONS_DIR): Migration[] {
  const files = readdirSync(dir).filter((f) => f.endsWith('.sql')).sort();
  return files.map((file, i) => {
    const m = /^(\d{4})_([a-z0-9_]+)\.sql$/.exec(file);
    if (!m || Number(m[1]) !== i + 1) {
      throw new DbError('bad_migration', `Migration file ${file} must be named ${String(i + 1).padStart(4, '0')}_name.sql`);
    }
    const sql = readFileSync(join(dir, file), 'utf8');
    return { version: i + 1, name: m[2]!, sql, checksum: createHash('sha256').update(sql).digest('hex') };
  });
}

export interface Applied {
  version: number;
  name: string;
  checksum: string;
}

const TABLE = 'public.watchfloor_migrations';

/** The applied list an embedded database keeps beside its files too, readable without opening it (db/open.ts). */
export const APPLIED_FILE = 'watchfloor-migrations.json';

export async function readApplied(db: Db): Promise<Applied[]> {
  const [exists] = await db.query<{ t: string | null }>(`SELECT to_regclass('${TABLE}')::text AS t`);
  if (!exists?.t) return [];
  return db.query<Applied>(`SELECT version, name, checksum FROM ${TABLE} ORDER BY version`);
}

/**
 * Refuses, before writing anything, a database that is newer than the code or
 * whose applied list is not a prefix of the files.
 */
export function checkApplied(applied: Applied[], migrations: Migration[]): void {
  if (applied.length > migrations.length) {
    const newest = applied[applied.length - 1]!;
    throw new DbError(
      'too_new',
      `The database is newer than this Watchfloor: it has migration ${newest.version} (${newest.name}) ` +
        `but this version knows only ${migrations.length}. Update Watchfloor; the database was not changed.`,
    );
  }
  applied.forEach((a, i) => {
    const m = migrations[i]!;
    if (a.version !== m.version || a.name !== m.name || a.checksum !== m.checksum) {
      throw new DbError(
        'diverged',
        `The database's applied migrations are not a prefix of this Watchfloor's: migration ${a.version} ` +
          `was applied as "${a.name}" (checksum ${a.checksum.slice(0, 12)}) but the code has "${m.name}" ` +
          `(checksum ${m.checksum.slice(0, 12)}). The database was not changed.`,
      );
    }
  });
}

/** Applies pending migrations, each in its own transaction. Returns the resulting level. */
export async function migrate(db: Db, migrations = loadMigrations()): Promise<number> {
  const applied = await readApplied(db);
  checkApplied(applied, migrations);
  // Up to date: nothing is written, so a console whose role may not change the
  // schema (see 0012_audit_guard.sql) opens a migrated central database.
  if (applied.length === migrations.length) return migrations.length;
  // Consoles sharing a central database may start together: the lock makes one
  // apply each step while the others wait, then find it done and skip it.
  const lock = 'SELECT pg_advisory_xact_lock(7305001)';
  await db.transaction(async (tx) => {
    await tx.query(lock);
    await tx.exec(`CREATE TABLE IF NOT EXISTS ${TABLE} (
      version integer PRIMARY KEY, name text NOT NULL, checksum text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now())`);
  });
  for (const m of migrations) {
    await db.transaction(async (tx) => {
      await tx.query(lock);
      const [row] = await tx.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${TABLE} WHERE version >= $1`, [m.version]);
      if (row!.n > 0) return;
      try {
        await tx.exec(m.sql);
      } catch (err) {
        throw new DbError('bad_migration', `Migration ${m.version} (${m.name}) failed: ${(err as Error).message}`, { cause: err });
      }
      await tx.query(`INSERT INTO ${TABLE} (version, name, checksum) VALUES ($1, $2, $3)`, [m.version, m.name, m.checksum]);
    });
  }
  return migrations.length;
}

/** The applied level without changing anything, for status displays. */
export async function migrationLevel(db: Db): Promise<number> {
  return (await readApplied(db)).length;
}
