// Fleet storage on both engines: the retention job, and a batch the database refuses part of.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { refusedByDatabase } from '../../core/fleet/ingest.js';
import { BatchWriter, type TelemetryRow } from '../../core/fleet/writer.js';
import { vehicleFromRow, VEHICLE_COLUMNS, type VehicleRow } from '../../core/fleet/rows.js';
import { createLogger } from '../../core/logger.js';
import { testCore } from '../../core/testing.js';
import { migrate, type Db } from '../../db/index.js';
import { engines } from './engines.js';

const log = createLogger('test', 'error', () => {});

async function vehicle(db: Db, serial: string): Promise<string> {
  const [r] = await db.query<{ id: string }>(
    "INSERT INTO fleet.vehicles (manufacturer, serial_number, name) VALUES ('Test', $1, $1) RETURNING id", [serial]);
  return r!.id;
}
const row = (vehicle_id: string, ts: Date, battery = 50): TelemetryRow => ({
  vehicle_id, ts: ts.toISOString(), map_id: 'lindenhof-campus', x: 1, y: 2, lat: 51.44, lon: 5.47, heading: 90, speed: 1, battery, driving: true, error_count: 0,
});
const count = async (db: Db, sql: string) => Number((await db.query<{ n: string }>(sql))[0]!.n);

for (const engine of engines()) {
  describe.skipIf(!engine.available)(`fleet storage on ${engine.name}`, () => {
    let db: Db | null = null;
    afterEach(async () => db?.close());

    it('tells a row the database refuses (quarantined by ingest) from a fault of the database itself (only logged)', async () => {
      db = await engine.fresh();
      await migrate(db);
      const refusal = await db.query("INSERT INTO fleet.vehicles (manufacturer, serial_number, name) VALUES ($1, 's', 's')", ['M'.repeat(300)]).catch((e: unknown) => e);
      expect(refusedByDatabase(refusal)).toBe(true);
      const nul = await db.query('SELECT $1::text', ['a\u0000b']).catch((e: unknown) => e);
      expect(refusedByDatabase(nul)).toBe(true);
      const fault = await db.query('SELECT * FROM fleet.no_such_table').catch((e: unknown) => e);
      expect(refusedByDatabase(fault)).toBe(false);
      await db.close();
      const closed = await db.query('SELECT 1').catch((e: unknown) => e);
      expect(refusedByDatabase(closed)).toBe(false);
      db = null;
    });

    it('holds rows while the database is away, retrying on its own schedule with one log line each way, and drops the oldest telemetry past the limit', async () => {
      db = await engine.fresh();
      await migrate(db);
      const id = await vehicle(db, 'v-away');
      let away = true;
      let tries = 0;
      const real = db;
      // The real database behind a switch: while `away`, every call fails as an unreachable server's would.
      const flaky = new Proxy(real, {
        get: (target, key) => (key === 'query' || key === 'transaction'
          ? (...args: unknown[]) => {
              if (key === 'transaction') tries++;
              return away ? Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:5432')) : (target[key] as (...a: unknown[]) => Promise<unknown>)(...args);
            }
          : Reflect.get(target, key)),
      });
      const lines: string[] = [];
      const writer = new BatchWriter(flaky, createLogger('test', 'info', (l) => lines.push(l.msg)), { intervalMs: 10, maxRows: 2000, vehicleIntervalMs: 1000, maxQueued: 100 });
      const start = Date.now();
      for (let i = 0; i < 150; i++) {
        writer.add((b) => b.telemetry.push(row(id, new Date(start + i * 1000))));
        await new Promise((r) => setTimeout(r, 10)); // rows arriving every 10 ms for 1.5 s
      }
      // Backoff 200, 400, 800 ms… whatever arrives meanwhile: a handful of tries, not one per row.
      expect(tries).toBeGreaterThanOrEqual(2);
      expect(tries).toBeLessThanOrEqual(6);
      expect(writer.dropped).toBe(50);
      away = false;
      await writer.flush();
      expect(await count(real, 'SELECT count(*) AS n FROM fleet.telemetry')).toBe(100);
      // The oldest went: what is kept is the newest 100.
      const [first] = await real.query<{ ts: Date }>('SELECT min(ts) AS ts FROM fleet.telemetry');
      expect(first!.ts.getTime()).toBe(start + 50_000);
      expect(lines.filter((l) => l.startsWith('ingest writes failing'))).toHaveLength(1);
      expect(lines.filter((l) => l.startsWith('ingest writes resumed'))).toHaveLength(1);
    });

    it('the retention job keeps each time series its period: raw telemetry 48 h, per-second 14 days, per-minute and the others 90', async () => {
      db = await engine.fresh();
      const t = await testCore({ db, config: { telemetryRetentionDays: 90, telemetryRawHours: 48, telemetrySecondDays: 14 } });
      const now = t.clock.now().getTime();
      const day = 86_400_000;
      const id = await vehicle(db, 'r-1');
      // Each day has its partition, as the job makes them ahead when it runs every hour.
      for (let d = 0; d <= 100; d++) await db.query(`SELECT fleet.ensure_partition('telemetry', $1)`, [new Date(now - d * day).toISOString()]);
      const writer = new BatchWriter(db, log);
      // 30 000 rows from 100 days ago to now.
      const ages = Array.from({ length: 30_000 }, (_, i) => (i / 30_000) * 100 * day);
      for (let i = 0; i < ages.length; i += 5000) {
        writer.add((b) => b.telemetry.push(...ages.slice(i, i + 5000).map((a) => row(id, new Date(now - a)))));
        await writer.flush();
      }
      writer.add((b) => {
        b.connections.push({ vehicle_id: id, ts: new Date(now - 91 * day).toISOString(), state: 'OFFLINE', detail: null },
          { vehicle_id: id, ts: new Date(now - 89 * day).toISOString(), state: 'ONLINE', detail: null });
        b.quarantine.push({ receivedAt: new Date(now - 95 * day).toISOString(), topic: 'x', reason: 'old', payload: '', payloadBytes: 0, truncated: false });
      });
      await writer.flush();
      const dayStart = (t: number) => Math.floor(t / day) * day;
      const rolledUntil = Math.floor((now - 120_000) / 60_000) * 60_000; // rows of the last two minutes wait for the next run
      const between = (from: number, to: number) => ages.filter((a) => now - a >= from && now - a < to).length;

      const result = await t.core.prune();
      expect(result.removed).toEqual({ 'fleet.sensor_readings': 0, 'fleet.vehicle_connections': 1, 'ingest.quarantine': 1, changes: 0, 'iam.sessions': 0, 'ops.alerts': 0 });
      // Whole days go: every row of the last 48 h is kept, and none of a day that ended before them.
      expect(result.partitionsDropped['fleet.telemetry']).toHaveLength(100 - 2);
      expect(await count(db, 'SELECT count(*) AS n FROM fleet.telemetry')).toBe(between(dayStart(now - 2 * day), Infinity));
      expect(await count(db, 'SELECT coalesce(sum(n), 0) AS n FROM fleet.telemetry_1s')).toBe(between(dayStart(now - 14 * day), rolledUntil));
      expect(await count(db, 'SELECT coalesce(sum(n), 0) AS n FROM fleet.telemetry_1m')).toBe(between(dayStart(now - 90 * day), rolledUntil));
      const again = await t.core.prune();
      expect(again.partitionsDropped).toEqual({ 'fleet.telemetry': [], 'fleet.telemetry_1s': [], 'fleet.telemetry_1m': [] });
      expect(again.removed).toMatchObject({ 'fleet.vehicle_connections': 0, 'ingest.quarantine': 0 });
    }, 240_000); // 30,000 rows over 100 day partitions, rolled up twice: 121 s on PGlite at load 10 on 2 cores

    it('a row the database refuses is quarantined with the reason; the rows around it land', async () => {
      db = await engine.fresh();
      await migrate(db);
      const id = await vehicle(db, 'p-1');
      const writer = new BatchWriter(db, log);
      const at = new Date();
      writer.add((b) => {
        b.telemetry.push(row(id, at, 10), row(id, at, 12));
        b.connections.push({ vehicle_id: id, ts: at.toISOString(), state: 'ONLINE', detail: null },
          { vehicle_id: id, ts: at.toISOString(), state: 'SOMETIMES', detail: 'not a state the table allows' });
        b.quarantine.push({ receivedAt: at.toISOString(), topic: 'a/b', reason: 'not JSON', payload: 'nul \u0000 and lone \ud800', payloadBytes: 9, truncated: false });
      });
      await writer.flush();
      expect(await count(db, 'SELECT count(*) AS n FROM fleet.telemetry')).toBe(2);
      expect(await count(db, 'SELECT count(*) AS n FROM fleet.vehicle_connections')).toBe(1);
      const q = await db.query<{ topic: string; reason: string; payload: string }>('SELECT topic, reason, payload FROM ingest.quarantine ORDER BY topic');
      expect(q).toHaveLength(2);
      expect(q[0]).toMatchObject({ topic: '(ingest batch)' });
      expect(q[0]!.reason).toMatch(/^the database refused it: .*check constraint/);
      expect(q[0]!.payload).toContain('SOMETIMES');
      // Characters PostgreSQL cannot store become U+FFFD instead of failing the batch.
      expect(q[1]).toMatchObject({ topic: 'a/b', payload: 'nul \ufffd and lone \ufffd' });
    });

    it('a console starting before anyone holds the ingest duty, with no outbox, keeps all it receives and writes it when it takes the duty', async () => {
      db = await engine.fresh();
      await migrate(db);
      const id = await vehicle(db, 's-1');
      const [site] = await db.query<{ id: string }>("SELECT id FROM org.sites WHERE slug = 'lindenhof'");
      const writer = new BatchWriter(db, log, { intervalMs: 10, maxRows: 2000, vehicleIntervalMs: 1000 });
      let holds = false;
      writer.writes = () => holds;
      const at = new Date();
      await writer.add((b) => {
        b.telemetry.push(row(id, at));
        b.quarantine.push({ receivedAt: at.toISOString(), topic: 'watchfloor/v1/lindenhof/sensors/r-1/reading', reason: 'not JSON', payload: 'x', payloadBytes: 1, truncated: false });
        b.alerts!.push({ siteId: site!.id, source: 'door-panel', externalId: 'd-1', type: 'door', severity: 2, title: 'Door forced', occurredAt: at, receivedAt: at });
      });
      await writer.flush();
      expect(await count(db, 'SELECT count(*) AS n FROM ingest.quarantine')).toBe(0);
      holds = true;
      await writer.takeOver();
      await writer.flush();
      expect(await count(db, 'SELECT count(*) AS n FROM fleet.telemetry')).toBe(1);
      expect(await count(db, 'SELECT count(*) AS n FROM ingest.quarantine')).toBe(1);
      expect(await count(db, "SELECT count(*) AS n FROM ops.alerts WHERE source = 'door-panel'")).toBe(1);
      await writer.stop();
    });

    /** A fresh database with vehicles s-1 to s-n, and their rows by serial number. */
    async function withVehicles(n: number): Promise<{ db: Db; rows: VehicleRow[] }> {
      const fresh = (db = await engine.fresh());
      await migrate(fresh);
      await fresh.query(`INSERT INTO fleet.vehicles (manufacturer, serial_number, name) SELECT 'Test', 's-' || i, 's-' || i FROM generate_series(1, $1::int) i`, [n]);
      return { db: fresh, rows: await fresh.query<VehicleRow>(`SELECT ${VEHICLE_COLUMNS} FROM fleet.vehicles ORDER BY serial_number`) };
    }

    it("rewrites at most so many vehicles' rows at a time, those changed first since their last write first, and the rest at the next", async () => {
      const { db, rows } = await withVehicles(250);
      const writer = new BatchWriter(db, log, { intervalMs: 10, maxRows: 2000, vehicleIntervalMs: 200, maxVehicleRows: 100 });
      const move = (r: VehicleRow, x: number) => writer.add((b) => b.vehicles.set(r.id, { ...vehicleFromRow(r), x }));
      const batches: string[][] = [];
      writer.onCommit = (b) => void (b.vehicles.size && batches.push([...b.vehicles.values()].map((v) => `${v.serialNumber}:${v.x}`)));
      for (const r of rows) void move(r, 1);
      void move(rows[0]!, 2); // changed again: keeps its place, with its newest state
      await vi.waitFor(() => expect(batches.flat()).toHaveLength(250), { timeout: 10_000, interval: 20 });
      expect(batches.map((b) => b.length)).toEqual([100, 100, 50]);
      expect(batches.flat()).toEqual(rows.map((r, i) => `${r.serial_number}:${i ? 1 : 2}`));
      expect(await count(db, 'SELECT count(*) AS n FROM fleet.vehicles WHERE x IS NOT NULL')).toBe(250);
      // A flush of everything (stopping) holds nothing back.
      for (const r of rows) void move(r, 3);
      await writer.flush();
      expect(await count(db, 'SELECT count(*) AS n FROM fleet.vehicles WHERE x = 3')).toBe(250);
      await writer.stop();
    });

    it('a burst from more vehicles than a batch rewrites commits in a few transactions, not one for each message that arrived during one', async () => {
      const { db, rows } = await withVehicles(300);
      // Vehicles' rows wait their turn (50 a batch, a second apart), as 50,000 vehicles' did behind 2,000.
      const writer = new BatchWriter(db, log, { intervalMs: 10, maxRows: 100, vehicleIntervalMs: 1000, maxVehicleRows: 50 });
      const commits: number[] = [];
      writer.onCommit = (b) => void commits.push(b.telemetry.length);
      const at = Date.now();
      // Each message as ingest adds it: the vehicle's state and a telemetry row. Before, every message that found
      // the batch full (counting the vehicles held back) started a flush of its own, each waiting for the one before.
      // They arrive 20 at a time, each lot a turn of the event loop after the last, while batches commit.
      const added: Promise<void>[] = [];
      for (let i = 0; i < 1200; i++) {
        const r = rows[i % rows.length]!;
        added.push(writer.add((b) => {
          b.vehicles.set(r.id, { ...vehicleFromRow(r), x: i });
          b.telemetry.push(row(r.id, new Date(at + i)));
        }));
        if (i % 20 === 19) await new Promise((ok) => setImmediate(ok));
      }
      await Promise.all(added);
      expect(commits.reduce((a, n) => a + n, 0)).toBe(1200);
      // A full batch (100 rows) at a time, and what a timer found; before, on PGlite, 111 commits of 1 to 50 rows.
      expect(commits.length).toBeLessThanOrEqual(15);
      expect(await count(db, 'SELECT count(*) AS n FROM fleet.telemetry')).toBe(1200);
      await writer.stop();
      expect(await count(db, 'SELECT count(*) AS n FROM fleet.vehicles WHERE x IS NOT NULL')).toBe(300);
    });
  });
}
