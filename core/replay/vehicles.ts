// Where the fleet was at one moment, from the telemetry and connection changes already stored:
// the raw rows where they are kept, the per-second level (its last position and values in each
// second) where they are not, so a moment older than the raw window (48 h) still shows the fleet,
// and the per-minute level beyond the per-second window (14 days).
// Every read of the partitioned tables carries constant time bounds, so the planner reads only
// the partitions (days) that hold the moment, however long the history is.
import type { Queryable } from '../../db/index.js';
import type { ReplaySensor, ReplayVehicle, TelemetryResolution } from '../contract/index.js';
import { resolutionFor } from '../fleet/resolution.js';

/** Points drawn per track, whatever its length: the resolution follows the span. */
export const TRACK_POINTS = 30;
/** A vehicle silent this long before the moment is shown as offline there. */
export const STALE_MS = 30_000;
/** How far back the last stored position is looked for. */
const LOOKBACK_MS = 3600_000;

interface Row {
  id: string; name: string; ts: Date | null; lat: number | null; lon: number | null; heading: number | null;
  speed: number | null; battery: number | null; driving: boolean | null; error_count: number | null; link: string | null;
  /** Until when the vehicle was heard from: a raw row's time, or the end of an aggregate's bucket. */
  seen: Date | null;
}

export async function vehiclesAt(db: Queryable, siteId: string, at: Date, trailMs: number): Promise<ReplayVehicle[]> {
  // Each vehicle's last raw row by its (vehicle_id, ts) index; the per-second level only for a
  // vehicle without one (its raw rows dropped), so a bucket's later position never wins a tie,
  // and the per-minute level only where the per-second rows are dropped too.
  const col = (c: string) => `coalesce(r.${c}, s.${c}, m.${c}) AS ${c}`;
  const bucket = `ts, lat, lon, heading, speed_sum / nullif(speed_n, 0) AS speed, battery_last AS battery, driving, error_max AS error_count`;
  const rows = await db.query<Row>(
    `SELECT v.id, v.name, ${['ts', 'lat', 'lon', 'heading', 'speed', 'battery', 'driving', 'error_count'].map(col).join(', ')}, c.state AS link,
       coalesce(r.ts, s.ts + interval '1 second', m.ts + interval '1 minute') AS seen
     FROM fleet.vehicles v
     LEFT JOIN LATERAL (SELECT ts, lat, lon, heading, speed, battery, driving, error_count FROM fleet.telemetry
       WHERE vehicle_id = v.id AND ts <= $2 AND ts > $3 ORDER BY ts DESC LIMIT 1) r ON true
     LEFT JOIN LATERAL (SELECT ${bucket} FROM fleet.telemetry_1s
       WHERE r.ts IS NULL AND vehicle_id = v.id AND ts <= $2 AND ts > $3 ORDER BY ts DESC LIMIT 1) s ON true
     LEFT JOIN LATERAL (SELECT ${bucket} FROM fleet.telemetry_1m
       WHERE r.ts IS NULL AND s.ts IS NULL AND vehicle_id = v.id AND ts <= $2 AND ts > $3 ORDER BY ts DESC LIMIT 1) m ON true
     LEFT JOIN LATERAL (SELECT state FROM fleet.vehicle_connections WHERE vehicle_id = v.id AND ts <= $2 ORDER BY ts DESC LIMIT 1) c ON true
     WHERE (v.site_id = $1 OR v.site_id IS NULL) AND (v.deleted_at IS NULL OR v.deleted_at > $2)
       AND (coalesce(r.ts, s.ts, m.ts) IS NOT NULL OR v.created_at <= $2)
     ORDER BY v.name`,
    [siteId, at.toISOString(), new Date(at.getTime() - LOOKBACK_MS).toISOString()],
  );
  const tracks = trailMs > 0 ? await tracksOf(db, rows.filter((r) => r.ts).map((r) => r.id), at, trailMs) : new Map<string, [number, number][]>();
  return rows.map((r) => {
    const track = tracks.get(r.id) ?? [];
    // The last step is the moment itself: the track ends where the vehicle is drawn.
    const last = track.at(-1);
    const inTrail = r.ts && r.ts.getTime() > at.getTime() - trailMs;
    if (trailMs > 0 && inTrail && r.lat !== null && r.lon !== null && (!last || last[0] !== r.lon || last[1] !== r.lat)) track.push([r.lon, r.lat]);
    return {
      id: r.id,
      name: r.name,
      status: statusOf(r, at),
      lat: r.lat, lon: r.lon, heading: r.heading, speed: r.speed, battery: r.battery,
      reportedAt: r.ts?.toISOString() ?? null,
      track,
    };
  });
}

function statusOf(r: Row, at: Date): ReplayVehicle['status'] {
  if (!r.seen || at.getTime() - r.seen.getTime() > STALE_MS) return 'offline';
  if (r.link && r.link !== 'ONLINE') return 'offline';
  if ((r.error_count ?? 0) > 0) return 'error';
  return r.driving ? 'driving' : 'idle';
}

const LEVELS: { level: TelemetryResolution; table: string; unitMs: number }[] = [
  { level: 'raw', table: 'fleet.telemetry', unitMs: 0 },
  { level: '1s', table: 'fleet.telemetry_1s', unitMs: 1000 },
  { level: '1m', table: 'fleet.telemetry_1m', unitMs: 60_000 },
];

/** Where each level is complete (rolled up) and from when its rows are kept, as epoch ms. */
async function levelsState(db: Queryable): Promise<{ done: number[]; kept: number[] }> {
  const rows = await db.query<{ level: '1s' | '1m'; done: Date; kept: Date | null }>(
    'SELECT level, least(done_until, coalesce(redo_from, done_until)) AS done, source_kept_from AS kept FROM fleet.telemetry_rollups');
  const of = (level: string) => rows.find((r) => r.level === level);
  const time = (d: Date | null | undefined, none: number) => (d ? d.getTime() : none);
  const seconds = time(of('1s')?.done, -Infinity);
  // The minute level is complete only where the second level below it is too.
  const minutes = Math.min(seconds, time(of('1m')?.done, -Infinity));
  return { done: [Infinity, seconds, minutes], kept: [time(of('1s')?.kept, -Infinity), time(of('1m')?.kept, -Infinity), -Infinity] };
}

/**
 * Each vehicle's track over the trail, as the last position in each of `TRACK_POINTS` steps
 * before the moment's own (the vehicle's position, added by the caller), read from the level
 * that fits a step (raw rows, per second or per minute): a fixed number of index look-ups
 * however dense the telemetry is. A step reads a finer level where the one that fits is not
 * rolled up yet, and a coarser one where the finer rows are dropped.
 */
async function tracksOf(db: Queryable, ids: string[], at: Date, trailMs: number): Promise<Map<string, [number, number][]>> {
  const out = new Map<string, [number, number][]>();
  if (!ids.length) return out;
  const stepMs = Math.max(100, Math.ceil(trailMs / TRACK_POINTS));
  const fits = LEVELS.findIndex((l) => l.level === resolutionFor(stepMs / 1000));
  const state = await levelsState(db);
  // The steps' ends, oldest first, grouped by the level each reads.
  const byLevel = new Map<number, number[]>();
  for (let t = at.getTime() - trailMs; t < at.getTime(); t += stepMs) {
    let i = fits;
    while (i > 0 && t > state.done[i]!) i--;
    while (i < LEVELS.length - 1 && t - stepMs < state.kept[i]!) i++;
    byLevel.set(i, [...(byLevel.get(i) ?? []), t]);
  }
  const points: { id: string; t: Date; lon: number; lat: number }[] = [];
  for (const [i, ends] of byLevel) {
    const { table, unitMs } = LEVELS[i]!;
    // A bucket counts for a step if it ends by the step's end and ends after the step's start.
    const his = ends.map((t) => new Date(t - unitMs).toISOString());
    const los = ends.map((t) => new Date(t - stepMs - unitMs).toISOString());
    points.push(...await db.query<{ id: string; t: Date; lon: number; lat: number }>(
      `SELECT v.id, g.t, p.lon, p.lat
       FROM unnest($1::uuid[]) AS v(id)
       CROSS JOIN unnest($2::timestamptz[], $3::timestamptz[], $4::timestamptz[]) AS g(t, hi, lo)
       CROSS JOIN LATERAL (SELECT lon, lat FROM ${table} WHERE vehicle_id = v.id AND ts <= g.hi AND ts > g.lo AND ts > $5 AND ts <= $6 AND lat IS NOT NULL
         ORDER BY ts DESC LIMIT 1) p`,
      [ids, ends.map((t) => new Date(t).toISOString()), his, los, los[0], his.at(-1)],
    ));
  }
  points.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : a.t.getTime() - b.t.getTime()));
  for (const r of points) {
    const list = out.get(r.id) ?? [];
    const last = list.at(-1);
    if (!last || last[0] !== r.lon || last[1] !== r.lat) list.push([r.lon, r.lat]);
    out.set(r.id, list);
  }
  return out;
}

/** Each sensor's last reading at or before the moment (within a day). */
export async function sensorsAt(db: Queryable, siteId: string, at: Date): Promise<ReplaySensor[]> {
  const rows = await db.query<{ id: string; name: string; kind: string; unit: string | null; lat: number | null; lon: number | null; value: number | null; ts: Date | null }>(
    `SELECT s.id, s.name, s.kind, s.unit, coalesce(r.lat, s.lat) AS lat, coalesce(r.lon, s.lon) AS lon, r.value, r.ts
     FROM fleet.sensors s
     LEFT JOIN LATERAL (SELECT value, ts, lat, lon FROM fleet.sensor_readings WHERE sensor_id = s.id AND ts <= $2 AND ts > $2::timestamptz - interval '1 day'
       ORDER BY ts DESC LIMIT 1) r ON true
     WHERE s.site_id = $1 AND (s.deleted_at IS NULL OR s.deleted_at > $2) AND (r.ts IS NOT NULL OR s.created_at <= $2)
     ORDER BY s.name`,
    [siteId, at.toISOString()],
  );
  return rows.map((r) => ({ id: r.id, name: r.name, kind: r.kind, unit: r.unit, value: r.value, at: r.ts?.toISOString() ?? null, lat: r.lat, lon: r.lon }));
}
