// Mission queries at volume: the active queue and a mission's timeline with 100,000
// missions and 1,000,000 events, p95 against the targets and a primary-key lookup floor.
import { listMissions } from '../../core/missions/queries.js';
import { timeline } from '../../core/missions/store.js';
import { importSiteGraphs } from '../../core/org/site-graphs.js';
import type { Db } from '../../db/index.js';
import { onEachEngine } from './engines.js';

const p95 = (xs: number[]) => Math.round([...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.95)]! * 100) / 100;

async function timed(n: number, fn: (i: number) => Promise<unknown>): Promise<number[]> {
  for (let i = 0; i < 10; i++) await fn(i);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn(i);
    out.push(performance.now() - t);
  }
  return out;
}

/** 100 vehicles, 500 residents, `missions` missions (300 active) with `events` events spread over them, in SQL. */
async function seed(db: Db, missions: number, events: number): Promise<string[]> {
  await importSiteGraphs(db);
  await db.exec(`
    INSERT INTO fleet.vehicles (manufacturer, serial_number, name) SELECT 'Bench', 'b-' || i, 'bench ' || i FROM generate_series(1, 100) i;
    INSERT INTO fleet.residents (site_id, first_name, last_name, date_of_birth, wheelchair_type, gdpr_consent, gdpr_consent_at)
      SELECT s.id, 'R' || i, 'Resident ' || i, date '1940-01-01' + i, 'manual', true, now() FROM org.sites s, generate_series(1, 500) i WHERE s.slug = 'lindenhof';`);
  await db.exec(`
    WITH v AS (SELECT array_agg(id ORDER BY serial_number) AS ids FROM fleet.vehicles),
         r AS (SELECT array_agg(id) AS ids FROM fleet.residents),
         m AS (SELECT s.id AS site_id, sm.id AS map_id FROM org.sites s JOIN org.site_maps sm ON sm.site_id = s.id WHERE s.slug = 'lindenhof')
    INSERT INTO fleet.missions (site_id, site_map_id, resident_id, vehicle_id, pickup_node, dropoff_node, priority, status, created_at, completed_at)
    SELECT m.site_id, m.map_id, r.ids[1 + i % 500],
      CASE WHEN i <= 200 THEN NULL WHEN i <= 300 THEN v.ids[i - 200] ELSE v.ids[1 + i % 100] END,
      'dock-a', 'rehab-south', (ARRAY['low', 'normal', 'high', 'urgent'])[1 + i % 4],
      CASE WHEN i <= 200 THEN 'pending' WHEN i <= 250 THEN 'assigned' WHEN i <= 300 THEN 'in_progress' ELSE 'completed' END,
      now() - (i || ' minutes')::interval, CASE WHEN i > 300 THEN now() - (i || ' minutes')::interval + interval '20 minutes' END
    FROM generate_series(1, ${missions}) i, v, r, m;`);
  await db.exec(`
    WITH ms AS (SELECT id, row_number() OVER () AS n FROM fleet.missions)
    INSERT INTO fleet.mission_events (mission_id, event_type, details, created_at)
    SELECT ms.id, (ARRAY['created', 'assigned', 'started', 'pickup_arrived', 'pickup_completed', 'in_transit', 'dropoff_arrived', 'dropoff_completed', 'completed', 'created'])[1 + e % 10],
      '{}', now() - (e || ' seconds')::interval
    FROM ms, generate_series(1, ${Math.round(events / missions)}) e;
    ANALYZE fleet.missions; ANALYZE fleet.mission_events;`);
  return (await db.query<{ id: string }>('SELECT id FROM fleet.missions ORDER BY random() LIMIT 200')).map((r) => r.id);
}

async function run(db: Db, o: { missions: number; events: number; samples: number }) {
  const t0 = performance.now();
  const ids = await seed(db, o.missions, o.events);
  const seedSeconds = Math.round((performance.now() - t0) / 100) / 10;
  const [counts] = await db.query<{ m: string; e: string }>('SELECT (SELECT count(*) FROM fleet.missions) AS m, (SELECT count(*) FROM fleet.mission_events) AS e');
  const floor = await timed(o.samples, (i) => db.query('SELECT id, status FROM fleet.missions WHERE id = $1', [ids[i % ids.length]]));
  const queue = await timed(o.samples, () => listMissions(db, { limit: 200 }));
  const line = await timed(o.samples, (i) => timeline(db, ids[i % ids.length]!));
  return {
    missions: Number(counts!.m), events: Number(counts!.e), seedSeconds,
    primaryKeyLookupP95Ms: p95(floor),
    activeQueueP95Ms: p95(queue), activeQueueTargetMs: 50, activeQueueOfTarget: Math.round((p95(queue) / 50) * 100) / 100,
    timelineP95Ms: p95(line), timelineTargetMs: 20, timelineOfTarget: Math.round((p95(line) / 20) * 100) / 100,
  };
}

export function missionsBench(o = { missions: 100_000, events: 1_000_000, samples: 200 }) {
  return onEachEngine((db) => run(db, o));
}
