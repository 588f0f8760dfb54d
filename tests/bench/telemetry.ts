// `npm run bench -- telemetry [--track-hours=24] [--fleet-minutes=20]`: telemetry at scale
// (issue 16), on both engines.
// - The retention job over a fleet of 50 vehicles at 10 Hz (scaled to `fleet-minutes` of it):
//   roll-up and partition drop, against writing the same rows once and against the DELETE of
//   the same rows from an unpartitioned table (what the job did before), in the same run.
// - A 24 h track of one vehicle at 10 Hz: p95 of reading it at full rate, per second and per
//   minute, against a server-side scan of the same raw rows (no rows sent back).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { telemetryRows } from '../../core/fleet/resolution.js';
import { keepPartitions, rollUp } from '../../core/fleet/rollup.js';
import { migrate, openPglite, openPostgres, type Db } from '../../db/index.js';
import { scratchUrl } from './backup.js';

const secs = (t0: number) => Math.round((performance.now() - t0) / 10) / 100;
const ms = (t0: number) => Math.round((performance.now() - t0) * 10) / 10;
const arg = (args: string[], name: string, fallback: number) => Number(args.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil(xs.length * 0.95) - 1)]!;

const FLEET_DAY = '2029-12-31T00:00:00Z';
const TRACK_DAY = '2030-01-01T00:00:00Z';
const NOW = new Date('2030-01-03T00:00:00Z');
const KEEP = { rawHours: 48, secondDays: 14, minuteDays: 90 };

async function vehicles(db: Db, n: number, prefix: string): Promise<string[]> {
  const rows = await db.query<{ id: string }>(
    `INSERT INTO fleet.vehicles (manufacturer, serial_number, name) SELECT 'bench', $1 || g, $1 || g FROM generate_series(1, $2) g RETURNING id`, [prefix, n]);
  return rows.map((r) => r.id);
}

/** `seconds` of 10 Hz telemetry from `start` for each vehicle, in one statement. */
async function write(db: Db, ids: string[], start: string, seconds: number): Promise<void> {
  await db.query(
    `INSERT INTO fleet.telemetry (vehicle_id, ts, map_id, x, y, lat, lon, heading, speed, battery, driving, error_count)
     SELECT v, $2::timestamptz + g * interval '100 ms', 'm', g % 500, g % 300, 51.44 + (g % 1000) * 1e-6, 5.47 + (g % 777) * 1e-6, g % 360,
       (g % 17) / 10.0, 90 - (g % 500) / 10.0, g % 3 > 0, (g % 101 = 0)::int
     FROM unnest($1::uuid[]) v CROSS JOIN generate_series(0, $3 * 10 - 1) g`, [ids, start, seconds]);
}

async function engineRun(name: 'pglite' | 'postgres', o: { trackHours: number; fleetMinutes: number }) {
  const scratch = mkdtempSync(join(tmpdir(), `wf-bench-telemetry-${name}-`));
  const admin = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const dbName = `wf_bench_telemetry_${process.pid}`;
  const url = name === 'postgres' ? await scratchUrl(admin, dbName) : undefined;
  const db = url ? await openPostgres(url) : await openPglite(join(scratch, 'pgdata'));
  try {
    await migrate(db);
    for (const day of [FLEET_DAY, TRACK_DAY]) await db.query(`SELECT fleet.ensure_partition('telemetry', $1)`, [day]);

    // Retention over the fleet's rows.
    const fleet = await vehicles(db, 50, 'fleet-');
    const fleetRows = 50 * 10 * 60 * o.fleetMinutes;
    let t = performance.now();
    await write(db, fleet, FLEET_DAY, 60 * o.fleetMinutes);
    const writeSeconds = secs(t);
    await db.query(`CREATE TABLE public.unpartitioned (LIKE fleet.telemetry)`);
    await db.query(`CREATE INDEX ON public.unpartitioned (vehicle_id, ts DESC)`);
    await db.query(`INSERT INTO public.unpartitioned SELECT * FROM fleet.telemetry`);
    t = performance.now();
    const rolled = await rollUp(db, new Date(Date.parse(TRACK_DAY) + 120_000)); // complete up to the end of the fleet's day
    const rollupSeconds = secs(t);
    t = performance.now();
    const dropped = await keepPartitions(db, NOW, KEEP);
    const dropSeconds = secs(t);
    t = performance.now();
    await db.query(`DELETE FROM public.unpartitioned WHERE ts < $1`, [TRACK_DAY]);
    const deleteSeconds = secs(t);
    await db.query('DROP TABLE public.unpartitioned');

    // A 24 h track of one vehicle.
    const [track] = await vehicles(db, 1, 'track-');
    const trackRows = o.trackHours * 36_000;
    await write(db, [track!], TRACK_DAY, o.trackHours * 3600);
    await rollUp(db, new Date(Date.parse(TRACK_DAY) + (o.trackHours * 3600 + 180) * 1000));
    const end = new Date(Date.parse(TRACK_DAY) + o.trackHours * 3_600_000).toISOString();
    const timed = async (sql: string, runs = 7) => {
      const times: number[] = [];
      let rows = 0;
      for (let i = 0; i < runs; i++) {
        const t0 = performance.now();
        rows = (await db.query(sql, [track, TRACK_DAY, end])).length;
        times.push(ms(t0));
      }
      return { p95Ms: p95(times), rows };
    };
    const positions = (res: 'raw' | '1s' | '1m') =>
      `SELECT ts, lat, lon FROM (${telemetryRows(res, '$1::uuid', '$2::timestamptz', '$3::timestamptz')}) r ORDER BY ts`;
    const floor = await timed(`SELECT count(*), sum(lat), sum(lon) FROM fleet.telemetry WHERE vehicle_id = $1 AND ts >= $2 AND ts < $3`);
    const raw = await timed(positions('raw'), 5);
    const perSecond = await timed(positions('1s'));
    const perMinute = await timed(positions('1m'));
    const perDay = 86_400 / (60 * o.fleetMinutes);
    return {
      retention: {
        rows: fleetRows, vehicles: 50, hz: 10, minutes: o.fleetMinutes, bucketsWritten: rolled,
        partitionsDropped: dropped['fleet.telemetry']!.length,
        writeSeconds, rollupSeconds, dropSeconds, oldDeleteSeconds: deleteSeconds,
        jobVsWrite: Math.round(((rollupSeconds + dropSeconds) / Math.max(writeSeconds, 0.01)) * 100) / 100,
        dropVsDelete: Math.round((dropSeconds / Math.max(deleteSeconds, 0.01)) * 1000) / 1000,
        /** Linear projection to a whole day of 50 vehicles at 10 Hz (43.2 M rows). */
        projectedDayJobSeconds: Math.round((rollupSeconds * perDay + dropSeconds) * 10) / 10,
      },
      track: {
        hours: o.trackHours, rows: trackRows, scanFloor: floor, raw, perSecond, perMinute,
        rawVsFloor: Math.round((raw.p95Ms / Math.max(floor.p95Ms, 0.1)) * 10) / 10,
        perSecondVsFloor: Math.round((perSecond.p95Ms / Math.max(floor.p95Ms, 0.1)) * 100) / 100,
        perMinuteVsFloor: Math.round((perMinute.p95Ms / Math.max(floor.p95Ms, 0.1)) * 1000) / 1000,
      },
    };
  } finally {
    await db.close();
    rmSync(scratch, { recursive: true, force: true });
    if (url) await dropDb(admin, dbName);
  }
}

async function dropDb(admin: string, name: string): Promise<void> {
  const c = new pg.Client({ connectionString: admin });
  await c.connect();
  await c.query(`DROP DATABASE IF EXISTS "${name}"`);
  await c.end();
}

export async function telemetryBench(args: string[]) {
  const o = { trackHours: arg(args, 'track-hours', 24), fleetMinutes: arg(args, 'fleet-minutes', 20) };
  return {
    options: o,
    pglite: await engineRun('pglite', o).catch((err: Error) => ({ error: err.message.slice(0, 300) })),
    postgres: await engineRun('postgres', o).catch((err: Error) => ({ error: err.message.slice(0, 300) })),
  };
}
