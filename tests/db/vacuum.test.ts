// PGlite runs no autovacuum: a table rewritten over and over (fleet.vehicles, once a second for
// each moving vehicle) grows without end unless the console vacuums it (core/retention/vacuum.ts).
// And the rewrites themselves stay on their pages (HOT) when they change no indexed column.
import { afterEach, describe, expect, it } from 'vitest';
import { writeBatch } from '../../core/fleet/writer.js';
import { emptyBatch } from '../../core/fleet/batch.js';
import { vehicleFromRow, VEHICLE_COLUMNS, type VehicleRow } from '../../core/fleet/rows.js';
import { vacuumPass } from '../../core/retention/vacuum.js';
import { migrate, openPglite, type Db } from '../../db/index.js';
import { pgliteThread } from './engines.js';

const VEHICLES = 2000;

/** Every vehicle's position written once, as the ingest writer does. */
const moveAll = (db: Db, ids: string[], round: number) => db.query(
  `UPDATE fleet.vehicles v SET x = s.x, last_heartbeat = now() FROM jsonb_to_recordset($1::jsonb) AS s(id uuid, x float8) WHERE v.id = s.id`,
  [JSON.stringify(ids.map((id, i) => ({ id, x: round + i / VEHICLES })))]);

const size = async (db: Db) => Number((await db.query<{ bytes: string }>(`SELECT pg_total_relation_size('fleet.vehicles') AS bytes`))[0]!.bytes);

for (const engine of [{ name: 'pglite', fresh: () => openPglite() }, pgliteThread]) {
  describe(`on ${engine.name}`, () => {
    let db: Db | null = null;
    afterEach(async () => {
      await db?.close();
      db = null;
    });

    it('a table rewritten again and again stops growing once it is vacuumed between rewrites', async () => {
      db = await engine.fresh();
      await migrate(db);
      expect(await vacuumPass(db)).toMatchObject({ vacuumed: [] }); // nothing dead in a new database
      await db.query(`INSERT INTO fleet.vehicles (manufacturer, serial_number, name) SELECT 'acme', 's' || i, 'v' || i FROM generate_series(1, ${VEHICLES}) i`);
      const ids = (await db.query<{ id: string }>('SELECT id FROM fleet.vehicles')).map((r) => r.id);

      const start = await size(db);
      for (let round = 0; round < 10; round++) await moveAll(db, ids, round);
      const unvacuumedGrowth = (await size(db)) - start;

      const pass = await vacuumPass(db);
      expect(pass.vacuumed).toContain('fleet.vehicles');
      expect(pass.analyzed).toContain('fleet.vehicles');
      const [stats] = await db.query<{ vacuum_count: string; analyzed: boolean }>(
        `SELECT vacuum_count, last_analyze IS NOT NULL AS analyzed FROM pg_stat_user_tables WHERE relid = 'fleet.vehicles'::regclass`);
      expect(Number(stats!.vacuum_count)).toBeGreaterThan(0);
      expect(stats!.analyzed).toBe(true);

      const before = await size(db);
      for (let round = 10; round < 20; round++) {
        await moveAll(db, ids, round);
        await vacuumPass(db);
      }
      const vacuumedGrowth = (await size(db)) - before;
      // Without a pass each rewrite adds a dead copy of every row and its index entries; with one the space is used again.
      expect(unvacuumedGrowth).toBeGreaterThan(5 * VEHICLES * 100);
      expect(vacuumedGrowth).toBeLessThan(unvacuumedGrowth / 4);
      // What the rewrites wrote is all there.
      expect(await db.query('SELECT count(*)::int AS n, min(x) AS lo FROM fleet.vehicles')).toEqual([{ n: VEHICLES, lo: 19 }]);
    }, 120_000);

    it("the ingest writer's rewrites of vehicles that moved are mostly HOT updates, adding no index entries", async () => {
      db = await engine.fresh();
      await migrate(db);
      await db.query(`INSERT INTO fleet.vehicles (manufacturer, serial_number, name) SELECT 'acme', 's' || i, 'v' || i FROM generate_series(1, ${VEHICLES}) i`);
      const rows = await db.query<VehicleRow>(`SELECT ${VEHICLE_COLUMNS} FROM fleet.vehicles`);
      const indexes = async () => Number((await db!.query<{ bytes: string }>(`SELECT pg_indexes_size('fleet.vehicles') AS bytes`))[0]!.bytes);
      const rewrite = async (round: number) => {
        const b = emptyBatch();
        for (const r of rows) b.vehicles.set(r.id, { ...vehicleFromRow(r), status: 'driving', x: round, lastHeartbeat: new Date(Date.now() + round).toISOString() });
        await writeBatch(db!, b);
      };
      await rewrite(1); // the first rewrite of a full page cannot stay on it
      const before = await indexes();
      for (let round = 2; round <= 10; round++) await rewrite(round);
      const grown = (await indexes()) - before;
      // Non-HOT (last_heartbeat indexed, before migration 35), nine rewrites add 18,000 entries to each index:
      // 0.38 MB grew by 0.38 MB. Now 0.33 MB grows by 0.12 MB (rewrites that found no room on their page).
      expect(grown).toBeLessThan(before / 2);
      expect(await db.query('SELECT count(*)::int AS n FROM fleet.vehicles WHERE x = 10')).toEqual([{ n: VEHICLES }]);
    }, 120_000);
  });
}
