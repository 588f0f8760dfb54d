// Vehicles heard for the first time, many at once (a site's fleet coming online): each is
// registered once and audited with a signed entry, and the database still answers others
// meanwhile instead of after the last registration.
import { afterEach, describe, expect, it } from 'vitest';
import { signingDb } from '../../core/audit/signed-db.js';
import { AuditSigner } from '../../core/audit/signing.js';
import { verifySigned } from '../../core/audit/verify-signed.js';
import { Bus } from '../../core/bus.js';
import { Fleet } from '../../core/fleet/fleet.js';
import { createLogger } from '../../core/logger.js';
import { testConfig, TestClock } from '../../core/testing.js';
import { migrate, type Db } from '../../db/index.js';
import { engines, pgliteThread } from './engines.js';

const VEHICLES = 1200;
const agv = (i: number) => ({ manufacturer: 'Fleet Maker', serialNumber: `unit-${String(i).padStart(5, '0')}` });

for (const engine of [...engines(), pgliteThread]) {
  describe.skipIf(!engine.available)(`first registration of many vehicles on ${engine.name}`, () => {
    let raw: Db | null = null;
    afterEach(async () => raw?.close());

    async function fleet() {
      raw = await engine.fresh();
      await migrate(raw);
      const signer = AuditSigner.generate();
      const signed = signingDb(raw, signer);
      const reads = { byId: 0 };
      // The real database, counting the reads of vehicles' rows by id.
      const db = { ...signed, query: ((sql: string, params?: unknown[]) => {
        if (sql.includes('FROM fleet.vehicles WHERE id = ANY')) reads.byId++;
        return signed.query(sql, params);
      }) as typeof signed.query };
      const bus = new Bus();
      return { db, signer, bus, reads, fleet: new Fleet({ db, clock: new TestClock(), logger: createLogger('test', 'error', () => {}), config: testConfig, bus }) };
    }

    it(`registers ${VEHICLES} vehicles heard at once, each once, with a signed audit entry each in the order heard, and answers another caller before the last is registered`, async () => {
      const { db, signer, fleet: f } = await fleet();
      const done: number[] = [];
      // Every vehicle says it is online, and a third say it twice before being registered.
      const heard = Array.from({ length: VEHICLES }, (_, i) => f.onConnection(agv(i), 'ONLINE').then(() => done.push(i)));
      const again = Array.from({ length: VEHICLES / 3 }, (_, i) => f.onConnection(agv(i * 3), 'ONLINE'));
      let answeredAfter = -1;
      const other = db.query('SELECT count(*)::int AS n FROM fleet.vehicles').then(() => (answeredAfter = done.length));
      await Promise.all([...heard, ...again, other]);
      // One vehicle per transaction, all asked for at once, would have kept the other caller waiting behind every one of them.
      expect(answeredAfter).toBeLessThan(VEHICLES);

      expect(f.vehicles.size).toBe(VEHICLES);
      const [rows] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM fleet.vehicles');
      expect(rows!.n).toBe(VEHICLES);
      const entries = await db.query<{ serial: string; seq: string }>(
        "SELECT body->'newValues'->>'serialNumber' AS serial, seq FROM audit.entries WHERE body->>'action' = 'fleet.register_vehicle' ORDER BY seq");
      expect(entries.map((e) => e.serial)).toEqual(Array.from({ length: VEHICLES }, (_, i) => agv(i).serialNumber));
      expect(await verifySigned(raw!, signer, null)).toMatchObject({ ok: true, count: VEHICLES, signed: VEHICLES });
    });

    it('reads again the rows of vehicles announced as changed together with one statement, not one each', async () => {
      const { db, bus, reads, fleet: f } = await fleet();
      await Promise.all(Array.from({ length: 300 }, (_, i) => f.onConnection(agv(i), 'ONLINE')));
      await db.query("UPDATE fleet.vehicles SET name = 'renamed ' || serial_number");
      const renamed = new Promise<void>((ok) => {
        let n = 0;
        bus.on('fleet.vehicle', () => ++n === 300 && ok());
      });
      // What the database announces after a registration batch or a bulk rename: one change per vehicle.
      let seq = 0;
      for (const id of f.vehicles.keys()) bus.announce({ seq: ++seq, kind: 'vehicle', id, siteId: null, action: 'update', ref: null });
      await renamed;
      expect(reads.byId).toBe(1);
      expect([...f.vehicles.values()].every((v) => v.name.startsWith('renamed '))).toBe(true);
    });

    it('registers the rest of a batch the database refuses one vehicle of, and fails only that one', async () => {
      const { db, fleet: f } = await fleet();
      await f.onConnection(agv(0), 'ONLINE');
      const results = await Promise.allSettled([
        f.onConnection(agv(0), 'OFFLINE'),
        f.onConnection(agv(1), 'ONLINE'),
        f.onConnection({ manufacturer: 'M'.repeat(300), serialNumber: 'too-long-a-maker' }, 'ONLINE'),
        f.onConnection(agv(2), 'ONLINE'),
      ]);
      expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
      expect((results[2] as PromiseRejectedResult).reason.message).toMatch(/violates check constraint/);
      const serials = await db.query<{ serial_number: string }>('SELECT serial_number FROM fleet.vehicles ORDER BY serial_number');
      expect(serials.map((r) => r.serial_number)).toEqual([0, 1, 2].map((i) => agv(i).serialNumber));
      // The vehicle already known got no second entry.
      const [n] = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM audit.entries WHERE body->>'action' = 'fleet.register_vehicle'");
      expect(n!.n).toBe(3);
    });
  });
}
