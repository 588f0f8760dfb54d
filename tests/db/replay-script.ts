// A scripted hour of history, stored as the console stores it (telemetry, connection changes,
// a transport's timeline), so replay can be checked against where the script put things.
import type { Queryable } from '../../db/index.js';

export const START = new Date('2026-11-22T09:00:00.000Z');
export const HOUR_MS = 3600_000;
const LAT0 = 51.4426;
const LON0 = 5.4711;
const M_PER_DEG = 111_320;

/** Each vehicle's path: metres east and north of the site centre after `s` seconds, and whether it moves then. */
export const PATHS = {
  east: { name: 'Replay East', hz: 10, at: (s: number) => ({ e: 1.2 * s, n: 0, moving: true }) },
  north: { name: 'Replay North', hz: 1, at: (s: number) => (s < 1800 ? { e: -50, n: 0.8 * s, moving: true } : { e: -50, n: 1440, moving: false }) },
  // Stands at a charger, then drops off the network 40 minutes in (no telemetry after).
  parked: { name: 'Replay Parked', hz: 1, at: (_s: number) => ({ e: 30, n: -20, moving: false }), until: 2400 },
} as const;
export type PathId = keyof typeof PATHS;

export function lonLatAt(id: PathId, ms: number): { lat: number; lon: number } {
  const p = PATHS[id].at(ms / 1000);
  return { lat: LAT0 + p.n / M_PER_DEG, lon: LON0 + p.e / (M_PER_DEG * Math.cos((LAT0 * Math.PI) / 180)) };
}

/** Metres between two points (equirectangular; plenty within a campus). */
export function metres(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const x = (b.lon - a.lon) * Math.cos((((a.lat + b.lat) / 2) * Math.PI) / 180) * M_PER_DEG;
  const y = (b.lat - a.lat) * M_PER_DEG;
  return Math.hypot(x, y);
}

/** Registers the script's vehicles on the site and stores their hour of telemetry; returns their ids. */
export async function seedFleetHour(db: Queryable, siteId: string, start = START): Promise<Record<PathId, string>> {
  const ids = {} as Record<PathId, string>;
  for (const [key, p] of Object.entries(PATHS) as [PathId, (typeof PATHS)[PathId]][]) {
    const [v] = await db.query<{ id: string }>(
      `INSERT INTO fleet.vehicles (site_id, manufacturer, serial_number, name, confirmed_at, status, created_at)
       VALUES ($1, 'Script', $2, $3, $4, 'offline', $4) RETURNING id`, [siteId, key, p.name, start.toISOString()]);
    ids[key] = v!.id;
    const until = 'until' in p ? p.until : 3600;
    const step = 1000 / p.hz;
    const rows: unknown[][] = [];
    for (let ms = 0; ms <= until * 1000; ms += step) {
      const here = lonLatAt(key, ms);
      rows.push([new Date(start.getTime() + ms).toISOString(), here.lat, here.lon, p.at(ms / 1000).moving]);
    }
    // One statement per 5,000 rows through unnest: the hour of 10 Hz telemetry loads in seconds.
    for (let i = 0; i < rows.length; i += 5000) {
      const chunk = rows.slice(i, i + 5000);
      await db.query(
        `INSERT INTO fleet.telemetry (vehicle_id, ts, lat, lon, speed, battery, driving, error_count)
         SELECT $1, t, la, lo, CASE WHEN d THEN 1 ELSE 0 END, 80, d, 0
         FROM unnest($2::timestamptz[], $3::float8[], $4::float8[], $5::boolean[]) AS x(t, la, lo, d)`,
        [v!.id, chunk.map((r) => r[0]), chunk.map((r) => r[1]), chunk.map((r) => r[2]), chunk.map((r) => r[3])]);
    }
    await db.query("INSERT INTO fleet.vehicle_connections (vehicle_id, ts, state) VALUES ($1, $2, 'ONLINE')", [v!.id, start.toISOString()]);
  }
  await db.query("INSERT INTO fleet.vehicle_connections (vehicle_id, ts, state, detail) VALUES ($1, $2, 'CONNECTIONBROKEN', 'last will')",
    [ids.parked, new Date(start.getTime() + 2400_000).toISOString()]);
  return ids;
}

const at = (min: number, start = START) => new Date(start.getTime() + min * 60_000).toISOString();

/**
 * A transport on the east vehicle: requested at 5 min, assigned at 6, started at 7, picked up
 * at 15, completed at 30. Needs a resident and the site's map (importSiteGraphs).
 */
export async function seedTransport(db: Queryable, siteId: string, vehicleId: string, start = START): Promise<string> {
  const [map] = await db.query<{ id: string }>('SELECT id FROM org.site_maps WHERE site_id = $1 ORDER BY created_at LIMIT 1', [siteId]);
  const [r] = await db.query<{ id: string }>(
    `INSERT INTO fleet.residents (site_id, first_name, last_name, date_of_birth, wheelchair_type, gdpr_consent, gdpr_consent_at)
     VALUES ($1, 'Ada', 'Visser', '1941-03-02', 'manual', true, now()) RETURNING id`, [siteId]);
  const [m] = await db.query<{ id: string }>(
    `INSERT INTO fleet.missions (site_id, site_map_id, resident_id, vehicle_id, pickup_node, dropoff_node, status, created_at, assigned_at, started_at, picked_up_at, completed_at)
     VALUES ($1, $2, $3, $4, 'ward-west', 'rehab-south', 'completed', $5, $6, $7, $8, $9) RETURNING id`,
    [siteId, map!.id, r!.id, vehicleId, at(5, start), at(6, start), at(7, start), at(15, start), at(30, start)]);
  const events: [string, number][] = [['created', 5], ['assigned', 6], ['started', 7], ['pickup_arrived', 14], ['pickup_completed', 15], ['in_transit', 15], ['dropoff_arrived', 29], ['completed', 30]];
  for (const [type, min] of events) {
    await db.query('INSERT INTO fleet.mission_events (mission_id, vehicle_id, event_type, created_at) VALUES ($1, $2, $3, $4)',
      [m!.id, type === 'created' ? null : vehicleId, type, at(min, start)]);
  }
  return m!.id;
}
