// Reports at volume: 100,000 transports and 1,000,000 mission events over 30 days, 10,000
// incidents and 20,000 city requests; each report's p95 against a floor measured in the same
// run (counting the range's transports, the rows every transport report has to read).
import { cityReport } from '../../core/reports/city.js';
import { responseReport } from '../../core/reports/response.js';
import { siteRange } from '../../core/reports/range.js';
import { transportReport } from '../../core/reports/transports.js';
import { importSiteGraphs } from '../../core/org/site-graphs.js';
import type { Db } from '../../db/index.js';
import { onEachEngine } from './engines.js';

const pct = (xs: number[], p: number) => Math.round([...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]! * 100) / 100;
const START = '2026-10-01T00:00:00Z';

async function timed(n: number, fn: () => Promise<unknown>): Promise<number[]> {
  for (let i = 0; i < 2; i++) await fn();
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn();
    out.push(performance.now() - t);
  }
  return out;
}

async function seed(db: Db, o: { missions: number; events: number; incidents: number; requests: number }): Promise<string> {
  await importSiteGraphs(db);
  const [site] = await db.query<{ id: string }>("SELECT id FROM org.sites WHERE slug = 'lindenhof'");
  const step = (30 * 86_400) / o.missions;
  await db.exec(`
    INSERT INTO fleet.vehicles (site_id, manufacturer, serial_number, name) SELECT '${site!.id}', 'Bench', 'b-' || i, 'bench ' || lpad(i::text, 3, '0') FROM generate_series(1, 50) i;
    INSERT INTO fleet.residents (site_id, first_name, last_name, date_of_birth, wheelchair_type) VALUES ('${site!.id}', 'R', 'Bench', '1940-01-01', 'manual');
    INSERT INTO fleet.missions (site_id, site_map_id, resident_id, vehicle_id, pickup_node, dropoff_node, status, failure_reason, created_at, started_at, picked_up_at, completed_at)
    SELECT s.id, sm.id, (SELECT id FROM fleet.residents LIMIT 1), v.ids[1 + i % 50], (ARRAY['ward-west', 'ward-east', 'gate', 'main-east'])[1 + i % 4], 'rehab-south',
      CASE WHEN i % 20 = 0 THEN 'failed' ELSE 'completed' END, CASE WHEN i % 20 = 0 THEN (ARRAY['obstacle', 'vehicle offline', 'battery'])[1 + i % 3] END,
      t, t + interval '2 minutes', t + (i % 15) * interval '1 minute', CASE WHEN i % 20 <> 0 THEN t + interval '20 minutes' END
    FROM org.sites s JOIN org.site_maps sm ON sm.site_id = s.id, (SELECT array_agg(id) AS ids FROM fleet.vehicles) v,
      generate_series(0, ${o.missions - 1}) i, LATERAL (SELECT timestamptz '${START}' + i * ${step} * interval '1 second' AS t) x
    WHERE s.slug = 'lindenhof';
    INSERT INTO fleet.mission_events (mission_id, vehicle_id, event_type, created_at)
    SELECT m.id, m.vehicle_id, (ARRAY['created', 'assigned', 'started', 'pickup_arrived', 'pickup_completed', 'in_transit', 'dropoff_arrived', 'dropoff_completed', 'completed', 'at_risk'])[e + 1],
      m.created_at + e * interval '2 minutes'
    FROM fleet.missions m, generate_series(0, ${Math.round(o.events / o.missions) - 1}) e;
    INSERT INTO ops.incidents (site_id, type, category, priority, title, created_at)
    SELECT '${site!.id}', (ARRAY['fall', 'smoke', 'door'])[1 + i % 3], 'medical', 1 + i % 5, 'Bench incident', timestamptz '${START}' + i * interval '259 seconds'
    FROM generate_series(0, ${o.incidents - 1}) i;
    INSERT INTO ops.case_events (case_type, incident_id, kind, details, created_at)
    SELECT 'incident', i.id, 'status', jsonb_build_object('to', x.st), i.created_at + x.k * interval '7 minutes'
    FROM ops.incidents i, (VALUES (1, 'assigned'), (2, 'on_scene'), (3, 'resolved')) x(k, st);
    INSERT INTO city.services (site_id, service_code, service_name) VALUES ('${site!.id}', 'pothole', 'Pothole'), ('${site!.id}', 'light', 'Street light'), ('${site!.id}', 'litter', 'Litter');
    INSERT INTO city.service_requests (site_id, category, lat, lon, status, requested_at, closed_at)
    SELECT '${site!.id}', (ARRAY['pothole', 'light', 'litter'])[1 + i % 3], 51.44, 5.47, CASE WHEN i % 3 = 0 THEN 'closed' ELSE 'open' END,
      timestamptz '${START}' + i * interval '129 seconds', CASE WHEN i % 3 = 0 THEN timestamptz '${START}' + i * interval '129 seconds' + interval '3 days' END
    FROM generate_series(0, ${o.requests - 1}) i;
    ANALYZE;`);
  return site!.id;
}

async function run(db: Db, o: { missions: number; events: number; incidents: number; requests: number; samples: number }) {
  const t0 = performance.now();
  const siteId = await seed(db, o);
  const seedSeconds = Math.round((performance.now() - t0) / 100) / 10;
  const [counts] = await db.query<{ m: string; e: string }>('SELECT (SELECT count(*) FROM fleet.missions) AS m, (SELECT count(*) FROM fleet.mission_events) AS e');
  const input = { siteId, from: '2026-10-01', to: '2026-10-30', lang: 'en' as const };
  const r = await siteRange(db, input);
  const floor = await timed(o.samples, () => db.query('SELECT count(*) FROM fleet.missions WHERE site_id = $1 AND created_at >= $2 AND created_at < $3', [siteId, r.start, r.end]));
  const transports = await timed(o.samples, () => transportReport(db, r, { ...input, groupBy: 'vehicle' }));
  const byHour = await timed(o.samples, () => transportReport(db, r, { ...input, groupBy: 'hour' }));
  const response = await timed(o.samples, () => responseReport(db, r, { ...input, groupBy: 'priority' }));
  const city = await timed(o.samples, () => cityReport(db, r, { ...input, groupBy: 'category' }));
  const f = pct(floor, 0.95);
  const entry = (xs: number[]) => ({ p95Ms: pct(xs, 0.95), ofFloor: Math.round((pct(xs, 0.95) / f) * 10) / 10, ofTarget: Math.round((pct(xs, 0.95) / 1000) * 100) / 100 });
  return {
    missions: Number(counts!.m), missionEvents: Number(counts!.e), incidents: o.incidents, requests: o.requests, seedSeconds, targetMs: 1000,
    floorCountP95Ms: f, transportsByVehicle: entry(transports), transportsByHour: entry(byHour), responseTimes: entry(response), city: entry(city),
  };
}

export function reportsBench(o = { missions: 100_000, events: 1_000_000, incidents: 10_000, requests: 20_000, samples: 10 }) {
  return onEachEngine((db) => run(db, o));
}
