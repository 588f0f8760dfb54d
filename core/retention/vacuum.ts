// PostgreSQL's autovacuum, for an embedded database. PGlite runs PostgreSQL as one process
// without its background workers, so nothing vacuums or analyzes its tables: every update
// leaves a dead row and dead index entries behind for good. fleet.vehicles alone is rewritten
// once a second for each vehicle that moves; 5,000 vehicles updated 60 times grew it from 2 MB
// to 50 MB. A central PostgreSQL server does this itself.
import type { Queryable } from '../../db/index.js';
import type { Logger } from '../logger.js';

/** How often an embedded database's tables are looked at. */
export const VACUUM_EVERY_MS = 60_000;

export interface VacuumPass {
  vacuumed: string[];
  analyzed: string[];
}

/**
 * Vacuums (and analyzes) each table with more dead rows than autovacuum's default threshold
 * (50 + 20 % of its live rows) and analyzes each changed more than its analyze threshold
 * (50 + 10 %) since it last was: one statement a table, so other callers go in between.
 */
export async function vacuumPass(db: Queryable, log?: Logger): Promise<VacuumPass> {
  // A backend reports its counts at most once a second, and PGlite's one backend may not report the rest
  // when it goes idle: without this, the dead rows of the last second's rewrites may not be seen yet.
  await db.query('SELECT pg_stat_force_next_flush()');
  const due = await db.query<{ name: string; vacuum: boolean }>(
    `SELECT format('%I.%I', schemaname, relname) AS name, n_dead_tup > 50 + 0.2 * n_live_tup AS vacuum
     FROM pg_stat_user_tables
     WHERE n_dead_tup > 50 + 0.2 * n_live_tup OR n_mod_since_analyze > 50 + 0.1 * n_live_tup
     ORDER BY n_dead_tup DESC`);
  const pass: VacuumPass = { vacuumed: [], analyzed: [] };
  for (const t of due) {
    try {
      await db.query(`${t.vacuum ? 'VACUUM (ANALYZE)' : 'ANALYZE'} ${t.name}`);
      if (t.vacuum) pass.vacuumed.push(t.name);
      pass.analyzed.push(t.name);
    } catch (err) {
      // A partition the retention job dropped meanwhile, say: the next pass looks again.
      log?.warn('a table could not be vacuumed', { table: t.name, err: (err as Error).message });
    }
  }
  return pass;
}

/** Runs a pass every VACUUM_EVERY_MS, one at a time; returns what stops it. */
export function keepVacuumed(db: Queryable, log: Logger): () => void {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    vacuumPass(db, log)
      .then((p) => p.analyzed.length && log.debug('tables vacuumed and analyzed', { ...p }))
      .catch((err: unknown) => log.warn('vacuum pass failed', { err: (err as Error).message }))
      .finally(() => (running = false));
  }, VACUUM_EVERY_MS);
  timer.unref();
  return () => clearInterval(timer);
}
