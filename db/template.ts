import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { APPLIED_FILE, checkApplied, loadMigrations, migrate, readApplied, type Applied } from './migrate.js';
import { PACKAGE_ROOT } from './paths.js';
import { openPglite } from './pglite.js';

/**
 * A new embedded database, made and migrated by `npm run build`: a first start copies it (a
 * tenth of a second) where it would run initdb and every migration (seconds). It holds the
 * schema and what the migrations insert, nothing of a site's own: keys, accounts and the demo
 * are made by the first start, as before.
 */
export const TEMPLATE_DIR = join(PACKAGE_ROOT, 'out', 'pgdata-template');

const STAMP = 'stamp.json';

/** The PGlite that made a template must be the one that opens its copies. */
function pgliteVersion(): string {
  for (let dir = dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite')); dirname(dir) !== dir; dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === '@electric-sql/pglite') return pkg.version!;
    }
  }
  throw new Error('Cannot find the version of @electric-sql/pglite');
}

/** The applied migrations a folder's marker lists, or null without one (written by openDb and by makeTemplate). */
export function readMarker(pgdata: string): Applied[] | null {
  const file = join(pgdata, APPLIED_FILE);
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Applied[]) : null;
}

/**
 * The template's database folder if it can start a new database for this code: made by the
 * same PGlite, with migrations that are a prefix of the code's (the rest are applied after the
 * copy). Otherwise null, and a new database is made from scratch.
 */
export function usableTemplate(dir = TEMPLATE_DIR, migrations = loadMigrations()): string | null {
  try {
    const stamp = JSON.parse(readFileSync(join(dir, STAMP), 'utf8')) as { pglite?: string };
    const applied = readMarker(join(dir, 'pgdata'));
    if (stamp.pglite !== pgliteVersion() || !applied) return null;
    checkApplied(applied, migrations);
    return join(dir, 'pgdata');
  } catch {
    return null;
  }
}

/** Makes the template in `dir` unless one there already holds every migration; true when it made one. */
export async function makeTemplate(dir = TEMPLATE_DIR, migrations = loadMigrations()): Promise<boolean> {
  const current = usableTemplate(dir, migrations);
  if (current && readMarker(current)!.length === migrations.length) return false;
  const work = `${dir}.making`;
  rmSync(work, { recursive: true, force: true });
  const db = await openPglite(join(work, 'pgdata'));
  try {
    await migrate(db, migrations);
    writeFileSync(join(work, 'pgdata', APPLIED_FILE), JSON.stringify(await readApplied(db), null, 1));
  } finally {
    await db.close();
  }
  writeFileSync(join(work, STAMP), JSON.stringify({ pglite: pgliteVersion(), made: new Date().toISOString() }, null, 1));
  rmSync(dir, { recursive: true, force: true });
  renameSync(work, dir);
  return true;
}
