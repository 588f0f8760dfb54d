import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { migrate, openPglite, openPostgres, type Db } from '../../db/index.js';

/** `--pglite-in-process`: PGlite on the bench's own thread, to compare with its own thread (as the hosts open it). */
export const pgliteOn = process.argv.includes('--pglite-in-process') ? 'process' : 'thread';

/**
 * Runs `fn` on a fresh migrated database of each engine: PGlite in a temporary folder (on
 * disk, as the console keeps it, on a thread of its own unless `--pglite-in-process`), and a scratch
 * PostgreSQL database (dropped afterwards) when a server answers on DATABASE_URL or 127.0.0.1.
 */
export async function onEachEngine<T>(fn: (db: Db) => Promise<T>, only?: string): Promise<{ pglite: T | string | { error: string }; postgres: T | string | { error: string } }> {
  const run = async (db: Db) => {
    await migrate(db);
    try {
      return await fn(db);
    } catch (err) {
      return { error: (err as Error).message.slice(0, 500) };
    } finally {
      await db.close();
    }
  };
  const onPglite = async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wf-bench-'));
    return run(await openPglite(join(dir, 'pgdata'), undefined, { thread: pgliteOn === 'thread' })).finally(() => rmSync(dir, { recursive: true, force: true }));
  };
  const pglite = only && only !== 'pglite' ? `skipped: --engine=${only}` : await onPglite();
  if (only && only !== 'postgres') return { pglite, postgres: `skipped: --engine=${only}` };
  const adminUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const admin = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 2000 });
  try {
    await admin.connect();
  } catch {
    return { pglite, postgres: 'skipped: no PostgreSQL on 127.0.0.1:5432' };
  }
  const name = `wf_bench_${process.pid}_${Date.now()}`;
  await admin.query(`CREATE DATABASE ${name}`);
  try {
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    return { pglite, postgres: await run(await openPostgres(url.toString())) };
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}
