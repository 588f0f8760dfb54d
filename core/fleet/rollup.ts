// Telemetry at scale (issue 16): per-second and per-minute aggregates rolled up from the rows
// below them, partitions made ahead, and old partitions dropped instead of rows deleted.
import type { Db, Queryable } from '../../db/index.js';

/** Rows may arrive this late (a writer's standby window, a slow batch): buckets younger than it are left for the next run. */
export const ROLLUP_LAG_MS = 2 * 60_000;

/** The last non-null value of `col` in the group (by time). */
const last = (col: string) => `(array_agg(${col} ORDER BY ts DESC) FILTER (WHERE ${col} IS NOT NULL))[1]`;
const COLUMNS = 'vehicle_id, ts, n, map_id, x, y, lat, lon, heading, speed_sum, speed_n, speed_max, battery_sum, battery_n, battery_min, battery_max, battery_last, driving, error_max';

/** Raw rows into per-second buckets. */
const FROM_RAW = `SELECT date_trunc('second', ts) AS ts, count(*) AS n, ${last('map_id')} AS map_id, ${last('x')} AS x, ${last('y')} AS y,
    ${last('lat')} AS lat, ${last('lon')} AS lon, ${last('heading')} AS heading, sum(speed) AS speed_sum, count(speed) AS speed_n, max(speed) AS speed_max,
    sum(battery) AS battery_sum, count(battery) AS battery_n, min(battery) AS battery_min, max(battery) AS battery_max, ${last('battery')} AS battery_last,
    bool_or(driving) AS driving, max(error_count) AS error_max`;
/** Per-second buckets into per-minute ones: sums of sums, extremes of extremes, last of lasts. */
const FROM_SECONDS = `SELECT date_trunc('minute', ts) AS ts, sum(n) AS n, ${last('map_id')} AS map_id, ${last('x')} AS x, ${last('y')} AS y,
    ${last('lat')} AS lat, ${last('lon')} AS lon, ${last('heading')} AS heading, sum(speed_sum) AS speed_sum, sum(speed_n) AS speed_n, max(speed_max) AS speed_max,
    sum(battery_sum) AS battery_sum, sum(battery_n) AS battery_n, min(battery_min) AS battery_min, max(battery_max) AS battery_max, ${last('battery_last')} AS battery_last,
    bool_or(driving) AS driving, max(error_max) AS error_max`;

interface Level { level: '1s' | '1m'; source: string; target: string; part: string; select: string; chunkMs: number }
const LEVELS: Level[] = [
  { level: '1s', source: 'fleet.telemetry', target: 'fleet.telemetry_1s', part: 'telemetry_1s', select: FROM_RAW, chunkMs: 3_600_000 },
  { level: '1m', source: 'fleet.telemetry_1s', target: 'fleet.telemetry_1m', part: 'telemetry_1m', select: FROM_SECONDS, chunkMs: 86_400_000 },
];

const floorTo = (t: number, ms: number) => Math.floor(t / ms) * ms;
const BEGINNING = -8.64e15;
const iso = (t: number) => (t <= BEGINNING ? '-infinity' : new Date(t).toISOString());

const UPSERT = COLUMNS.split(', ').filter((c) => c !== 'vehicle_id' && c !== 'ts').map((c) => `${c} = excluded.${c}`).join(', ');

/** The first row of `source` at or after `from`, by each vehicle's (vehicle_id, ts) index. */
async function nextRow(db: Queryable, source: string, from: number, to: number): Promise<number | null> {
  const [r] = await db.query<{ ts: Date | null }>(
    `SELECT min(t.ts) AS ts FROM fleet.vehicles v CROSS JOIN LATERAL
       (SELECT ts FROM ${source} WHERE vehicle_id = v.id AND ts >= $1 AND ts < $2 ORDER BY ts LIMIT 1) t`,
    [iso(from), iso(to)]);
  return r?.ts ? r.ts.getTime() : null;
}

/** Moves a level's redo mark, read as text (microseconds kept), on to `to`, or clears it at `done_until`; not if it moved meanwhile. */
const clearRedo = (db: Queryable, l: Level, mark: string, to: number) => db.query<{ mark: string | null }>(
  `UPDATE fleet.telemetry_rollups SET redo_from = CASE WHEN $3 >= done_until THEN NULL ELSE $3::timestamptz END
   WHERE level = $1 AND redo_from::text = $2 RETURNING redo_from::text AS mark`, [l.level, mark, iso(to)]);

/**
 * Writes the level's buckets from `from` to `to`, a chunk per transaction (a bucket computed
 * again replaces the one stored). Going forward, `done_until` moves on with each chunk. Redoing
 * late rows (`redo` is the redo mark read), the mark moves on with each chunk instead, and the
 * level above is marked for a redo in the same transaction: a reader never finds the mark gone
 * before the buckets it stood for are written. Empty stretches are skipped. Returns the buckets written.
 */
async function build(db: Db, l: Level, from: number, to: number, redo?: { mark: string; up?: Level }): Promise<number> {
  let written = 0;
  let mark = redo?.mark;
  while (from < to) {
    from = await db.transaction(async (tx) => {
      // Inserts into fleet.telemetry take this lock shared (migration 0028): rows committed
      // before it are read below, rows committed after it find the new watermark and note a redo.
      await tx.query('SELECT pg_advisory_xact_lock(5050, 1)');
      const next = await nextRow(tx, l.source, from, to);
      const start = next === null ? to : Math.max(from, floorTo(next, l.chunkMs));
      const end = next === null ? to : Math.min(start + l.chunkMs, to);
      if (next !== null) {
        await tx.query('SELECT fleet.ensure_partition($1, $2)', [l.part, iso(start)]);
        const rows = await tx.query<{ n: string }>(
          `WITH put AS (INSERT INTO ${l.target} (${COLUMNS})
             SELECT v.id, b.* FROM fleet.vehicles v CROSS JOIN LATERAL
               (${l.select} FROM ${l.source} WHERE vehicle_id = v.id AND ts >= $1 AND ts < $2 GROUP BY 1) b
             ON CONFLICT (vehicle_id, ts) DO UPDATE SET ${UPSERT} RETURNING 1) SELECT count(*) AS n FROM put`,
          [iso(start), iso(end)]);
        written += Number(rows[0]!.n);
        if (redo?.up) {
          await tx.query('UPDATE fleet.telemetry_rollups SET redo_from = least(redo_from, $2) WHERE level = $1 AND $2 < done_until', [redo.up.level, iso(start)]);
        }
      }
      if (!redo) {
        await tx.query(
          `INSERT INTO fleet.telemetry_rollups (level, done_until) VALUES ($1, $2)
           ON CONFLICT (level) DO UPDATE SET done_until = greatest(fleet.telemetry_rollups.done_until, excluded.done_until)`,
          [l.level, iso(end)]);
      } else {
        // On to the end of this chunk, unless rows arrived meanwhile for a time before it (the
        // mark is no longer ours): then the next run redoes from there.
        mark = (await clearRedo(tx, l, mark!, end))[0]?.mark ?? undefined;
      }
      return end;
    });
  }
  return written;
}

/**
 * Rolls each level up to `now` less the lag (the minute level no further than the second
 * level is complete), an hour of raw rows or a day of seconds per transaction. Rows that
 * arrived late for a time already rolled up (noted by a trigger on fleet.telemetry) are
 * rolled up again first, and the minute level after them. Returns the buckets written per level.
 */
export async function rollUp(db: Db, now: Date): Promise<Record<string, number>> {
  const written: Record<string, number> = {};
  let limit = floorTo(now.getTime() - ROLLUP_LAG_MS, 60_000);
  for (const [i, l] of LEVELS.entries()) {
    // The redo mark stays until the buckets it stands for are written (build moves it on).
    const [state] = await db.query<{ done_until: Date; redo_from: Date | null; mark: string | null; kept: Date | null }>(
      'SELECT done_until, redo_from, redo_from::text AS mark, source_kept_from AS kept FROM fleet.telemetry_rollups WHERE level = $1', [l.level]);
    let done = state ? state.done_until.getTime() : BEGINNING;
    let count = 0;
    if (state?.redo_from) {
      const unit = l.level === '1s' ? 1000 : 60_000;
      const from = Math.max(floorTo(state.redo_from.getTime(), unit), state.kept ? Math.ceil(state.kept.getTime() / unit) * unit : BEGINNING);
      if (from < done) count += await build(db, l, from, done, { mark: state.mark!, up: LEVELS[i + 1] });
      else await clearRedo(db, l, state.mark!, done); // its source rows are gone: nothing to redo
    }
    count += await build(db, l, done, limit);
    written[l.level] = count;
    done = Math.max(done, limit);
    limit = Math.min(limit, done);
  }
  return written;
}

/** How long each resolution is kept. */
export interface TelemetryKeep { rawHours: number; secondDays: number; minuteDays: number }

/**
 * Makes the partitions of the coming days so that ingest never writes into the
 * default partition, then drops those past their period: raw rows, per-second and
 * per-minute buckets each after their own, and never before they are rolled up into the
 * next level (the database refuses to). Returns the partitions dropped per table.
 */
export async function keepPartitions(db: Db, now: Date, keep: TelemetryKeep, aheadDays = 3): Promise<Record<string, string[]>> {
  const t = now.getTime();
  await db.transaction(async (tx) => {
    for (let d = 0; d < aheadDays; d++) {
      const at = new Date(t + d * 86_400_000).toISOString();
      await tx.query(`SELECT fleet.ensure_partition('telemetry', $1), fleet.ensure_partition('telemetry_1s', $1), fleet.ensure_partition('telemetry_1m', $1)`, [at]);
    }
  });
  const drop = async (table: string, ms: number) =>
    (await db.query<{ d: string[] }>('SELECT fleet.drop_partitions_before($1, $2) AS d', [table, new Date(t - ms).toISOString()]))[0]!.d;
  return {
    'fleet.telemetry': await drop('telemetry', keep.rawHours * 3_600_000),
    'fleet.telemetry_1s': await drop('telemetry_1s', keep.secondDays * 86_400_000),
    'fleet.telemetry_1m': await drop('telemetry_1m', keep.minuteDays * 86_400_000),
  };
}
