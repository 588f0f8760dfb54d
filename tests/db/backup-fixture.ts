// Data in every module, a stand-in for ingest that keeps writing, and per-table content hashes.
import type { Db, Queryable } from '../../db/index.js';
import type { testCore } from '../../core/testing.js';
import { tablesOf } from '../../core/backup/facts.js';
import { seedDemoCity } from '../../core/city/demo.js';
import type { SecretBox } from '../../core/iam/secrets.js';
import { seedDemoResidents } from '../../core/missions/demo.js';
import { seedDemoOps } from '../../core/ops/demo.js';

export async function fillModules(t: Awaited<ReturnType<typeof testCore>>, box: SecretBox) {
  const api = await t.signedIn(['admin']);
  const [site] = await t.db.query<{ id: string }>('SELECT id FROM org.sites LIMIT 1');
  const siteId = site!.id;
  await api.ops.createIncident({ siteId, type: 'fall', category: 'medical', priority: 2, title: 'Fall in the garden', location: { lat: 51.4425, lon: 5.4707 }, needs: [] });
  // The demo seeds: residents with sealed notes, city requests and services, ops resources.
  await seedDemoResidents(t.db, box, true);
  await seedDemoCity(t.db, true, t.clock.now());
  await seedDemoOps(t.db, true);
  const [v] = await t.db.query<{ id: string }>(`INSERT INTO fleet.vehicles (site_id, manufacturer, serial_number, name) VALUES ($1, 'test', 'v1', 'Vehicle 1') RETURNING id`, [siteId]);
  return { api, siteId, vehicleId: v!.id };
}

/** Writes telemetry in small transactions until stopped, like the ingest writer; ts counts up from `from`. */
export function keepIngesting(db: Db, vehicleId: string, from = Date.parse('2026-11-22T10:00:00Z')) {
  let stop = false;
  let batches = 0;
  const done = (async () => {
    while (!stop) {
      const base = from + batches * 1000;
      await db.transaction((tx) =>
        tx.query(`INSERT INTO fleet.telemetry (vehicle_id, ts, x, y, speed, battery)
                  SELECT $1, to_timestamp(($2::bigint + g * 10) / 1000.0), g, g, 1.2, 80 FROM generate_series(0, 99) g`, [vehicleId, base]));
      batches++;
      // PGlite answers without a macrotask: yield, or this loop starves every timer.
      await new Promise((r) => setImmediate(r));
    }
  })();
  return { async stop() { stop = true; await done; return batches; } };
}

/** md5 of every row of every table, in a stable order. */
export async function contentHashes(q: Queryable, where: Record<string, string> = {}): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const t of await tablesOf(q)) {
    const [r] = await q.query<{ h: string }>(`SELECT md5(coalesce(string_agg(x::text, E'\\n' ORDER BY x::text), '')) AS h FROM ${t} x ${where[t] ?? ''}`);
    out[t] = r!.h;
  }
  return out;
}
