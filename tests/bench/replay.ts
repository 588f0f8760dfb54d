// Replay at volume: `vehicles` vehicles at 10 Hz over `hours`, the state at a moment (p95, against
// the bare "where was each vehicle" lookup as the floor), states per second while playing at 60×,
// and the time bar's events in an hour (after a month of 100,000 earlier transports, 1,000,000
// events) and the state with and without migration 0019's indexes.
import { rollUp, ROLLUP_LAG_MS } from '../../core/fleet/rollup.js';
import { eventsBetween } from '../../core/replay/events.js';
import { stateAt } from '../../core/replay/state.js';
import { importSiteGraphs } from '../../core/org/site-graphs.js';
import type { Db } from '../../db/index.js';
import { loadavg } from 'node:os';
import { onEachEngine } from './engines.js';

const pct = (xs: number[], p: number) => Math.round([...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]! * 100) / 100;
const START = Date.parse('2026-11-01T00:00:00Z');
const all = { fleet: true, missions: true, incidents: true, city: true, audit: true };

async function timed(n: number, fn: (i: number) => Promise<unknown>): Promise<number[]> {
  for (let i = 0; i < 5; i++) await fn(i);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn(i);
    out.push(performance.now() - t);
  }
  return out;
}

export async function seedReplay(db: Db, vehicles: number, hours: number): Promise<string> {
  await importSiteGraphs(db);
  const [site] = await db.query<{ id: string }>("SELECT id FROM org.sites WHERE slug = 'lindenhof'");
  await db.query(`INSERT INTO fleet.vehicles (site_id, manufacturer, serial_number, name, created_at) SELECT $1, 'Bench', 'b-' || i, 'bench ' || lpad(i::text, 3, '0'), $2 FROM generate_series(1, ${vehicles}) i`,
    [site!.id, new Date(START).toISOString()]);
  // Each vehicle drives a circle of its own around the campus, one hour per statement (1.8 M rows
  // at 50 vehicles), generated in SQL. The telemetry indexes are dropped for the load and built
  // again once at the end: one sort instead of 43 M index insertions for 24 h.
  const indexes = await db.query<{ name: string; def: string }>(
    `SELECT i.indexname AS name, i.indexdef AS def FROM pg_indexes i WHERE i.schemaname = 'fleet' AND i.tablename = 'telemetry'
       AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)`);
  for (const i of indexes) await db.exec(`DROP INDEX fleet.${i.name}`);
  // The days' partitions exist before the rows come, as the retention job makes them ahead:
  // without them every row would land in the default partition, which no console has.
  for (let d = START; d < START + hours * 3600_000; d += 86_400_000) await db.query(`SELECT fleet.ensure_partition('telemetry', $1)`, [new Date(d).toISOString()]);
  for (let h = 0; h < hours; h++) {
    await db.query(
      `INSERT INTO fleet.telemetry (vehicle_id, ts, lat, lon, heading, speed, battery, driving, error_count)
       SELECT v.id, $1::timestamptz + g * interval '100 milliseconds',
         51.4426 + 0.001 * sin((g + v.n * 997) / 3000.0), 5.4711 + 0.0016 * cos((g + v.n * 997) / 3000.0), 0, 1.2, 80 - (g % 36000) / 1200.0, true, 0
       FROM (SELECT id, row_number() OVER (ORDER BY name) AS n FROM fleet.vehicles) v, generate_series(0, 35999) g`,
      [new Date(START + h * 3600_000).toISOString()]);
    if (hours > 2) process.stderr.write(`replay: ${db.mode} hour ${h + 1} of ${hours} seeded\n`);
  }
  for (const i of indexes) await db.exec(i.def.replace(/ ON ONLY /, " ON "));
  // Rolled up into per-second and per-minute buckets as the hourly retention job of a running
  // console would have: a replay of a long span reads those, not the raw rows.
  await db.exec('ANALYZE fleet.telemetry');
  await rollUp(db, new Date(START + hours * 3600_000 + ROLLUP_LAG_MS));
  // Transports through the span: one every 20 s, each with 8 events a minute apart.
  const missions = Math.round((hours * 3600) / 20);
  await db.exec(`
    INSERT INTO fleet.residents (site_id, first_name, last_name, date_of_birth, wheelchair_type) VALUES ('${site!.id}', 'R', 'Bench', '1940-01-01', 'manual');
    INSERT INTO fleet.missions (site_id, site_map_id, resident_id, vehicle_id, pickup_node, dropoff_node, status, created_at, completed_at, updated_at)
    SELECT s.id, sm.id, (SELECT id FROM fleet.residents LIMIT 1), v.ids[1 + i % array_length(v.ids, 1)], 'ward-west', 'rehab-south', 'completed',
      timestamptz '${new Date(START).toISOString()}' + i * interval '20 seconds', timestamptz '${new Date(START).toISOString()}' + i * interval '20 seconds' + interval '8 minutes',
      timestamptz '${new Date(START).toISOString()}' + i * interval '20 seconds' + interval '8 minutes'
    FROM org.sites s JOIN org.site_maps sm ON sm.site_id = s.id, (SELECT array_agg(id) AS ids FROM fleet.vehicles) v, generate_series(0, ${missions - 1}) i WHERE s.slug = 'lindenhof';
    INSERT INTO fleet.mission_events (mission_id, vehicle_id, event_type, created_at)
    SELECT m.id, m.vehicle_id, (ARRAY['created', 'assigned', 'started', 'pickup_arrived', 'pickup_completed', 'in_transit', 'dropoff_arrived', 'completed'])[e + 1], m.created_at + e * interval '1 minute'
    FROM fleet.missions m, generate_series(0, 7) e;`);
  // A month of earlier history, as a site keeps it: 100,000 transports with 10 events each.
  await db.exec(`
    INSERT INTO fleet.missions (site_id, site_map_id, resident_id, vehicle_id, pickup_node, dropoff_node, status, created_at, completed_at, updated_at)
    SELECT s.id, sm.id, (SELECT id FROM fleet.residents LIMIT 1), v.ids[1 + i % array_length(v.ids, 1)], 'ward-west', 'rehab-south', 'completed', t, t + interval '8 minutes', t + interval '8 minutes'
    FROM org.sites s JOIN org.site_maps sm ON sm.site_id = s.id, (SELECT array_agg(id) AS ids FROM fleet.vehicles) v, generate_series(1, 100000) i,
      LATERAL (SELECT timestamptz '${new Date(START).toISOString()}' - i * interval '25 seconds' - interval '10 minutes' AS t) x
    WHERE s.slug = 'lindenhof';
    INSERT INTO fleet.mission_events (mission_id, vehicle_id, event_type, created_at)
    SELECT m.id, m.vehicle_id, (ARRAY['created', 'assigned', 'started', 'pickup_arrived', 'pickup_completed', 'in_transit', 'dropoff_arrived', 'dropoff_completed', 'completed', 'at_risk'])[e + 1], m.created_at + e * interval '45 seconds'
    FROM fleet.missions m, generate_series(0, 9) e WHERE m.created_at < '${new Date(START).toISOString()}';
    ANALYZE;`);
  return site!.id;
}

async function run(db: Db, o: { vehicles: number; hours: number; samples: number; playSeconds: number }) {
  const t0 = performance.now();
  const siteId = await seedReplay(db, o.vehicles, o.hours);
  const seedSeconds = Math.round((performance.now() - t0) / 100) / 10;
  const [counts] = await db.query<{ t: string; e: string }>('SELECT (SELECT count(*) FROM fleet.telemetry) AS t, (SELECT count(*) FROM fleet.mission_events) AS e');
  // Moments from 10 minutes in (a whole trail behind) to the end, spread evenly.
  const span = o.hours * 3600_000 - 600_000;
  const moment = (i: number) => new Date(START + 600_000 + ((i * 7919) % o.samples) * (span / o.samples));
  const floor = await timed(o.samples, (i) => db.query(
    `SELECT v.id, t.lat, t.lon FROM fleet.vehicles v LEFT JOIN LATERAL (SELECT lat, lon FROM fleet.telemetry WHERE vehicle_id = v.id AND ts <= $1 ORDER BY ts DESC LIMIT 1) t ON true`,
    [moment(i).toISOString()]));
  const state = await timed(o.samples, (i) => stateAt(db, siteId, moment(i), 300_000, all));
  // Playing at 60×: the renderer asks for the next state as soon as the last one is in.
  let at = START + 600_000;
  let frames = 0;
  const playStart = performance.now();
  let last = playStart;
  while (performance.now() - playStart < o.playSeconds * 1000) {
    const now = performance.now();
    at += (now - last) * 60;
    last = now;
    await stateAt(db, siteId, new Date(at), 300_000, all);
    frames++;
  }
  const fps = Math.round((frames / ((performance.now() - playStart) / 1000)) * 10) / 10;
  const hourAt = (i: number) => ({ siteId, from: new Date(START + (i % Math.max(1, o.hours - 1)) * 3600_000), to: new Date(START + ((i % Math.max(1, o.hours - 1)) + 1) * 3600_000), limit: 5000 });
  const events = await timed(20, (i) => eventsBetween(db, hourAt(i), ['alert', 'status', 'command', 'audit'], all));
  // The same without migration 0019's indexes, in the same run.
  await db.exec(`DROP INDEX fleet.mission_events_created_idx; DROP INDEX ops.case_events_created_idx; DROP INDEX fleet.vehicle_connections_ts_idx;
    DROP INDEX fleet.missions_updated_idx; DROP INDEX ops.incidents_updated_idx; DROP INDEX ops.alerts_updated_idx;`);
  const eventsNoIndex = await timed(20, (i) => eventsBetween(db, hourAt(i), ['alert', 'status', 'command', 'audit'], all));
  const stateNoIndex = await timed(20, (i) => stateAt(db, siteId, moment(i), 300_000, all));
  return {
    vehicles: o.vehicles, hours: o.hours, telemetryRows: Number(counts!.t), missionEvents: Number(counts!.e), seedSeconds,
    floorPositionsP95Ms: pct(floor, 0.95),
    stateP50Ms: pct(state, 0.5), stateP95Ms: pct(state, 0.95), stateTargetMs: 200, stateOfFloor: Math.round((pct(state, 0.95) / pct(floor, 0.95)) * 10) / 10,
    statesPerSecondAt60x: fps,
    eventsHourP95Ms: pct(events, 0.95), eventsHourWithoutIndexesP95Ms: pct(eventsNoIndex, 0.95),
    eventsIndexSpeedup: Math.round((pct(eventsNoIndex, 0.95) / pct(events, 0.95)) * 10) / 10,
    stateWithoutIndexesP95Ms: pct(stateNoIndex, 0.95),
  };
}

/**
 * `--hours=N` (default 24, as the issue asks), `--vehicles=N` (default 50) and `--engine=pglite|postgres`
 * (default both) on the command line. The machine's load average goes with the figures.
 */
export async function replayBench(argv: string[]) {
  const value = (name: string) => argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
  const arg = (name: string, d: number) => Number(value(name) ?? d);
  const load = () => loadavg().map((l) => Math.round(l * 10) / 10);
  const before = load();
  const results = await onEachEngine((db) => run(db, { vehicles: arg('vehicles', 50), hours: arg('hours', 24), samples: 100, playSeconds: 10 }), value('engine'));
  return { ...results, loadAverageBefore: before, loadAverageAfter: load() };
}
