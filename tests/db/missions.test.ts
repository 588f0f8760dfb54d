// The mission tables on both engines: the database refuses what core's status machine refuses.
import { afterEach, describe, expect, it } from 'vitest';
import { canTransition, MissionStatus } from '../../core/contract/index.js';
import { importSiteGraphs } from '../../core/org/site-graphs.js';
import { migrate, type Db } from '../../db/index.js';
import { engines } from './engines.js';

async function fixture(db: Db) {
  await migrate(db);
  expect(await importSiteGraphs(db)).toEqual(['lindenhof-campus']);
  expect(await importSiteGraphs(db)).toEqual([]); // a second start keeps the graph
  const [map] = await db.query<{ id: string; site_id: string }>("SELECT id, site_id FROM org.site_maps WHERE map_id = 'lindenhof-campus'");
  const [r] = await db.query<{ id: string }>(
    `INSERT INTO fleet.residents (site_id, first_name, last_name, date_of_birth, wheelchair_type, gdpr_consent, gdpr_consent_at)
     VALUES ($1, 'Ada', 'Visser', '1941-03-02', 'manual', true, now()) RETURNING id`, [map!.site_id]);
  let n = 0;
  const vehicle = async () => (await db.query<{ id: string }>(
    "INSERT INTO fleet.vehicles (manufacturer, serial_number, name) VALUES ('T', $1, $1) RETURNING id", [`v${++n}`]))[0]!.id;
  const mission = async (status: MissionStatus, vehicleId: string | null) => (await db.query<{ id: string }>(
    `INSERT INTO fleet.missions (site_id, site_map_id, resident_id, vehicle_id, pickup_node, dropoff_node, status, failure_reason)
     VALUES ($1, $2, $3, $4, 'ward-west', 'dock-a', $5, $6) RETURNING id`,
    [map!.site_id, map!.id, r!.id, vehicleId, status, status === 'failed' ? 'test' : null]))[0]!.id;
  return { map: map!, residentId: r!.id, vehicle, mission };
}

for (const engine of engines()) {
  describe.skipIf(!engine.available)(`mission tables on ${engine.name}`, () => {
    let db: Db | null = null;
    afterEach(async () => db?.close());

    it('refuses every status change the status machine refuses, and allows the others', async () => {
      db = await engine.fresh();
      const f = await fixture(db);
      const all = MissionStatus.options;
      const refused: string[] = [];
      for (const from of all) {
        for (const to of all) {
          if (from === to) continue;
          const v = await f.vehicle();
          const id = await f.mission(from, from === 'pending' ? null : v);
          const vehicleAfter = to === 'pending' ? null : v;
          const ok = await db.query(
            "UPDATE fleet.missions SET status = $2, vehicle_id = $3, failure_reason = coalesce(failure_reason, 'test') WHERE id = $1",
            [id, to, vehicleAfter]).then(() => true, (e: Error) => (refused.push(`${from}→${to}: ${e.message}`), false));
          expect(ok, `${from}→${to}`).toBe(canTransition(from, to));
        }
      }
      expect(refused[0]).toMatch(/cannot go from/);
    });

    it('holds one active mission per vehicle, a drop-off apart from the pick-up, places on the map, and an append-only timeline', async () => {
      db = await engine.fresh();
      const f = await fixture(db);
      const v = await f.vehicle();
      const first = await f.mission('assigned', v);
      await expect(f.mission('in_progress', v)).rejects.toThrow(/missions_one_per_vehicle/);
      await db.query("UPDATE fleet.missions SET status = 'in_progress' WHERE id = $1", [first]);
      await db.query("UPDATE fleet.missions SET status = 'completed' WHERE id = $1", [first]);
      await f.mission('assigned', v); // free again once the first is done
      await expect(db.query(
        `INSERT INTO fleet.missions (site_id, site_map_id, resident_id, pickup_node, dropoff_node) VALUES ($1, $2, $3, 'dock-a', 'dock-a')`,
        [f.map.site_id, f.map.id, f.residentId])).rejects.toThrow(/check/);
      await expect(db.query(
        `INSERT INTO fleet.missions (site_id, site_map_id, resident_id, pickup_node, dropoff_node) VALUES ($1, $2, $3, 'atlantis', 'dock-a')`,
        [f.map.site_id, f.map.id, f.residentId])).rejects.toThrow(/foreign key/);
      await db.query("INSERT INTO fleet.mission_events (mission_id, event_type) VALUES ($1, 'created')", [first]);
      await expect(db.query('DELETE FROM fleet.mission_events')).rejects.toThrow(/append-only/);
      await expect(db.query("UPDATE fleet.mission_events SET event_type = 'failed'")).rejects.toThrow(/append-only/);
      const [places] = await db.query<{ n: string; named: string }>(
        "SELECT count(*) AS n, count(*) FILTER (WHERE kind <> 'junction') AS named FROM org.map_nodes WHERE site_map_id = $1", [f.map.id]);
      expect(Number(places!.named)).toBeGreaterThan(10);
    });
  });
}
