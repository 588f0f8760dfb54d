// `npm run bench -- backup`: backup and restore of 1 M telemetry rows and 100 k service requests
// (cases), on both engines, against a plain COPY of the same tables out and back in, in the same run.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { restoreBackup } from '../../core/backup/restore.js';
import { sealKeys } from '../../core/backup/seal.js';
import { takeBackup } from '../../core/backup/take.js';
import { migrate, openPglite, openPostgres, type Db } from '../../db/index.js';

const TABLES = ['fleet.telemetry', 'city.service_requests'];

async function seed(db: Db, o: { telemetry: number; cases: number }) {
  const [site] = await db.query<{ id: string }>("SELECT id FROM org.sites WHERE slug = 'lindenhof'");
  await db.query("INSERT INTO city.services (site_id, service_code, service_name) VALUES ($1, 'pothole', 'Pothole')", [site!.id]);
  await db.query(`INSERT INTO city.service_requests (site_id, category, lat, lon, description)
    SELECT $1, 'pothole', 51.44 + (i % 1000) / 100000.0, 5.47 + (i % 777) / 100000.0, 'Request ' || i FROM generate_series(1, ${o.cases}) i`, [site!.id]);
  const vehicles = 50;
  await db.query(`INSERT INTO fleet.telemetry (vehicle_id, ts, x, y, lat, lon, heading, speed, battery, driving, error_count)
    SELECT ('00000000-0000-7000-8000-' || lpad((i % ${vehicles})::text, 12, '0'))::uuid, timestamptz '2026-11-22' + (i / ${vehicles}) * interval '100 ms',
      i % 500, i % 300, 51.44, 5.47, i % 360, 1.2, 80 - (i % 50) / 10.0, true, 0
    FROM generate_series(1, ${o.telemetry}) i`);
}

const secs = (t0: number) => Math.round((performance.now() - t0) / 10) / 100;

/** The floor on PGlite: the same tables COPYed out to blobs and into empty copies of them, in the same database files. */
async function copyFloorPglite(dir: string): Promise<{ outSeconds: number; inSeconds: number; bytes: number }> {
  const { PGlite } = await import('@electric-sql/pglite');
  const { cube } = await import('@electric-sql/pglite/contrib/cube');
  const { earthdistance } = await import('@electric-sql/pglite/contrib/earthdistance');
  const { pg_trgm } = await import('@electric-sql/pglite/contrib/pg_trgm');
  const raw = await PGlite.create(dir, { extensions: { cube, earthdistance, pg_trgm } });
  try {
    const t0 = performance.now();
    const blobs: Blob[] = [];
    // COPY (SELECT …): a partitioned table (fleet.telemetry) cannot be the source of COPY TO.
    for (const t of TABLES) blobs.push((await raw.query(`COPY (SELECT * FROM ${t}) TO '/dev/blob'`)).blob!);
    const outSeconds = secs(t0);
    const t1 = performance.now();
    for (const [i, t] of TABLES.entries()) {
      await raw.exec(`CREATE TABLE public.copy_${i} (LIKE ${t})`);
      await raw.query(`COPY public.copy_${i} FROM '/dev/blob'`, [], { blob: blobs[i] });
    }
    return { outSeconds, inSeconds: secs(t1), bytes: blobs.reduce((n, b) => n + b.size, 0) };
  } finally {
    await raw.close();
  }
}

function copyFloorPostgres(url: string, target: string, scratch: string): { outSeconds: number; inSeconds: number; bytes: number } {
  const psql = (u: string, cmd: string) => {
    const r = spawnSync('psql', ['--no-psqlrc', '-q', '-v', 'ON_ERROR_STOP=1', `--dbname=${u}`, '-c', cmd], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(r.stderr);
  };
  let bytes = 0;
  const t0 = performance.now();
  for (const t of TABLES) {
    psql(url, `\\copy (SELECT * FROM ${t}) TO '${join(scratch, t)}'`);
    bytes += statSync(join(scratch, t)).size;
  }
  const outSeconds = secs(t0);
  const t1 = performance.now();
  // Into empty copies of the tables, as on PGlite: the target's own sites have other ids, so the
  // real tables' foreign keys would refuse the rows (the error this bench's central half used to stop on).
  for (const [i, t] of TABLES.entries()) {
    psql(target, `CREATE TABLE public.copy_${i} (LIKE ${t})`);
    psql(target, `\\copy public.copy_${i} FROM '${join(scratch, t)}'`);
  }
  return { outSeconds, inSeconds: secs(t1), bytes };
}

/** A new, empty database `name` on the server of `admin` (dropped first if a run before left it). */
export async function scratchUrl(admin: string, name: string): Promise<string> {
  const c = new pg.Client({ connectionString: admin });
  await c.connect();
  await c.query(`DROP DATABASE IF EXISTS "${name}"`);
  await c.query(`CREATE DATABASE "${name}"`);
  await c.end();
  const u = new URL(admin);
  u.pathname = `/${name}`;
  return u.toString();
}

async function engineRun(name: 'pglite' | 'postgres', o: { telemetry: number; cases: number }) {
  const scratch = mkdtempSync(join(tmpdir(), `wf-bench-backup-${name}-`));
  try {
    const admin = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
    const url = name === 'postgres' ? await scratchUrl(admin, `wf_bench_backup_${process.pid}`) : undefined;
    const db = url ? await openPostgres(url) : await openPglite(join(scratch, 'pgdata'));
    await migrate(db);
    await seed(db, o);
    const file = join(scratch, 'bench.wfbackup');
    const sealed = sealKeys({ secretKey: Buffer.alloc(32, 1).toString('base64'), auditSigningKey: null }, 'bench passphrase');
    const t0 = performance.now();
    const b = await takeBackup({ db, databaseUrl: url, out: file, sealedKeys: sealed, now: new Date() });
    const backupSeconds = secs(t0);
    const targetUrl = url ? await scratchUrl(admin, `wf_bench_restore_${process.pid}`) : undefined;
    const t1 = performance.now();
    await restoreBackup(file, targetUrl ? { databaseUrl: targetUrl, keysDir: join(scratch, 'keys') } : { dataDir: join(scratch, 'restored') }, 'bench passphrase');
    const restoreSeconds = secs(t1);
    let floor: { outSeconds: number; inSeconds: number; bytes: number };
    if (url) {
      const copyTarget = await scratchUrl(admin, `wf_bench_copy_${process.pid}`);
      const t = await openPostgres(copyTarget);
      await migrate(t);
      await t.close();
      floor = copyFloorPostgres(url, copyTarget, scratch);
      await db.close();
    } else {
      await db.close();
      floor = await copyFloorPglite(join(scratch, 'pgdata'));
    }
    return {
      rows: o, backupSeconds, restoreSeconds, fileMB: Math.round(b.bytes / 1e5) / 10,
      copyFloor: floor, backupVsCopyOut: Math.round((backupSeconds / Math.max(floor.outSeconds, 0.01)) * 10) / 10,
      restoreVsCopyIn: Math.round((restoreSeconds / Math.max(floor.inSeconds, 0.01)) * 10) / 10,
      sizeVsCopy: Math.round((b.bytes / floor.bytes) * 100) / 100,
    };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

export async function backupBench(o = { telemetry: 1_000_000, cases: 100_000 }) {
  return { pglite: await engineRun('pglite', o), postgres: await engineRun('postgres', o).catch((err: Error) => ({ error: err.message.slice(0, 300) })) };
}
