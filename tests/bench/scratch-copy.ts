import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrate, openPglite } from '../../db/index.js';
import { json } from '../../core/fleet/writer.js';
import { PGlite } from '@electric-sql/pglite';

const path = join(mkdtempSync(join(tmpdir(), 'wf-x-')), 'pgdata');
const db0 = await openPglite(path, undefined, { thread: false });
await migrate(db0);
await db0.close();
const { cube } = await import('@electric-sql/pglite/contrib/cube');
const { earthdistance } = await import('@electric-sql/pglite/contrib/earthdistance');
const { pg_trgm } = await import('@electric-sql/pglite/contrib/pg_trgm');
const db = await PGlite.create(path, { extensions: { cube, earthdistance, pg_trgm } });
const ids = (await db.query<{ id: string }>(`INSERT INTO fleet.vehicles (manufacturer, serial_number, name) SELECT 'B', 'v' || g, 'v' || g FROM generate_series(1, 50) g RETURNING id`)).rows.map((r) => r.id);
let t = Date.now();
const rows = (n: number) => Array.from({ length: n }, (_, i) => ({
  vehicle_id: ids[i % 50]!, ts: new Date(t += 1).toISOString(), map_id: 'lindenhof-campus', x: 50 + Math.random() * 300, y: 100.123456789, lat: 51.44 + Math.random() / 100, lon: 5.47 + Math.random() / 100,
  heading: 90 + Math.random(), speed: 1.2, battery: 80 - Math.random(), driving: true, error_count: 0,
}));
const cols = 'vehicle_id, ts, map_id, x, y, lat, lon, heading, speed, battery, driving, error_count';
const ways: Record<string, (tx: any, r: ReturnType<typeof rows>) => Promise<unknown>> = {
  jsonb: (tx, r) => tx.query(`INSERT INTO fleet.telemetry (${cols}) SELECT * FROM jsonb_to_recordset($1::jsonb) AS t(vehicle_id uuid, ts timestamptz, map_id text, x float8, y float8,
         lat float8, lon float8, heading float8, speed float8, battery float8, driving boolean, error_count smallint)`, [json(r)]),
  json: (tx, r) => tx.query(`INSERT INTO fleet.telemetry (${cols}) SELECT * FROM json_to_recordset($1::json) AS t(vehicle_id uuid, ts timestamptz, map_id text, x float8, y float8,
         lat float8, lon float8, heading float8, speed float8, battery float8, driving boolean, error_count smallint)`, [json(r)]),
  unnest: (tx, r) => tx.query(`INSERT INTO fleet.telemetry (${cols}) SELECT * FROM unnest($1::uuid[], $2::timestamptz[], $3::text[], $4::float8[], $5::float8[], $6::float8[], $7::float8[], $8::float8[], $9::float8[], $10::float8[], $11::boolean[], $12::smallint[])`,
    [r.map((x) => x.vehicle_id), r.map((x) => x.ts), r.map((x) => x.map_id), r.map((x) => x.x), r.map((x) => x.y), r.map((x) => x.lat), r.map((x) => x.lon), r.map((x) => x.heading), r.map((x) => x.speed), r.map((x) => x.battery), r.map((x) => x.driving), r.map((x) => x.error_count)]),
  copy: (tx, r) => tx.query(`COPY fleet.telemetry (${cols}) FROM '/dev/blob' WITH (FORMAT text)`, [], {
    blob: new Blob([r.map((x) => `${x.vehicle_id}\t${x.ts}\t${x.map_id}\t${x.x}\t${x.y}\t${x.lat}\t${x.lon}\t${x.heading}\t${x.speed}\t${x.battery}\t${x.driving ? 't' : 'f'}\t${x.error_count}\n`).join('')]),
  }),
};
const B = 2000, N = 100_000;
const res: Record<string, number[]> = {};
for (let round = 0; round < 4; round++) {
  for (const [name, way] of Object.entries(ways)) {
    const batches = Array.from({ length: N / B }, () => rows(B));
    const c0 = process.cpuUsage(); const t0 = performance.now();
    for (const b of batches) await db.transaction((tx) => way(tx, b));
    const ms = performance.now() - t0; const c = process.cpuUsage(c0);
    (res[name] ??= []).push(Math.round(N / (ms / 1000)));
    if (round === 3) console.log(name, 'rows/s', res[name].join(' '), 'cpu us/row', ((c.user + c.system) / N).toFixed(1));
  }
}
const n = await db.query(`SELECT count(*)::int n FROM fleet.telemetry`);
console.log(n.rows);
