// The ingest outbox while the central database is away: batches go to local disk and
// `add` resolves once they are there (that is when the broker gets its acknowledgement);
// over the outbox's limit the oldest telemetry is dropped and counted, alerts never; once
// the database answers everything kept is written, oldest first. Uses a PostgreSQL of the
// test's own, stopped and started, never the machine's shared one.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Outbox, OUTBOX_FILE } from '../../core/fleet/outbox.js';
import { testCore } from '../../core/testing.js';
import { BatchWriter, writeBatch, type TelemetryRow } from '../../core/fleet/writer.js';
import { createLogger } from '../../core/logger.js';
import type { AlertClear, NewAlert } from '../../core/ops/alerts.js';
import { migrate, openPostgres } from '../../db/index.js';
import { ownPostgres, postgresInstalled } from './own-postgres.js';

const cleanup: Array<() => Promise<unknown> | unknown> = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await Promise.resolve(f()).catch(() => {});
});

/** A PostgreSQL of the test's own (to stop and start), migrated, and a folder for the outbox. */
async function scratch() {
  const pg = await ownPostgres();
  cleanup.push(() => pg.remove());
  pg.start();
  const db = await openPostgres(pg.url);
  cleanup.push(() => db.close());
  await migrate(db);
  const dir = mkdtempSync(join(tmpdir(), 'wf-outbox-'));
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
  return { pg, db, dir };
}

describe.skipIf(!postgresInstalled)('the ingest outbox', () => {
  it('keeps batches on disk while the database is away, drops the oldest telemetry over its limit (counted), never an alert, and writes the rest when it is back', async () => {
    const { pg, db, dir } = await scratch();
    const [site] = await db.query<{ id: string }>("SELECT id FROM org.sites WHERE slug = 'lindenhof'");
    const [v] = await db.query<{ id: string }>("INSERT INTO fleet.vehicles (manufacturer, serial_number, name) VALUES ('Test', 'ob-1', 'ob-1') RETURNING id");
    const lines: string[] = [];
    const writer = new BatchWriter(db, createLogger('test', 'info', (l) => lines.push(l.msg)), { intervalMs: 10, maxRows: 2000, vehicleIntervalMs: 1000 });
    writer.outbox = new Outbox({ dataDir: dir, maxRows: 100 });
    cleanup.push(() => writer.stop());

    pg.stop();
    const start = Date.parse('2026-11-30T08:00:00Z');
    const telemetry = (i: number): TelemetryRow => ({
      vehicle_id: v!.id, ts: new Date(start + i * 1000).toISOString(), map_id: null, x: null, y: null, lat: 51.44, lon: 5.47,
      heading: 0, speed: 1, battery: 80, driving: true, error_count: 0,
    });
    const alert = (n: number): NewAlert => ({
      siteId: site!.id, source: 'door-panel', externalId: `door-${n}`, type: 'door', severity: 2, title: `Door ${n} forced`,
      occurredAt: new Date(start + n * 1000), receivedAt: new Date(start + n * 1000),
    });
    const stored: Promise<void>[] = [];
    for (let i = 0; i < 150; i++) {
      stored.push(writer.add((b) => b.telemetry.push(telemetry(i))));
      if (i % 30 === 0) stored.push(writer.add((b) => b.alerts!.push(alert(i))));
    }
    // Every add resolves while the database is still away: its rows are on disk.
    await Promise.all(stored);
    expect(writer.outbox.held).toBe(100);
    expect(writer.outbox.dropped).toBe(55);
    // The status says so (the top bar shows "100 rows waiting to be stored").
    expect(writer.backlog).toEqual({ outbox: 'disk', problem: null, waiting: 100, dropped: 55 });
    expect(lines.filter((l) => l.startsWith('ingest writes failing'))).toHaveLength(1);

    pg.start();
    const count = async (sql: string) => Number((await db.query<{ n: string }>(sql))[0]!.n);
    await expect.poll(() => writer.outbox!.held, { timeout: 30_000, interval: 100 }).toBe(0);
    expect(await count('SELECT count(*) AS n FROM fleet.telemetry')).toBe(95);
    expect(await count('SELECT count(*) AS n FROM ops.alerts')).toBe(5);
    // The oldest went: what is kept is the newest 95.
    const [first] = await db.query<{ ts: Date }>('SELECT min(ts) AS ts FROM fleet.telemetry');
    expect(first!.ts.getTime()).toBe(start + 55_000);
    expect(lines.filter((l) => l.startsWith('ingest writes resumed'))).toHaveLength(1);
    expect(writer.backlog).toMatchObject({ waiting: 0, dropped: 55 });
    // Rows written after the outbox is drained go straight to the database again.
    await writer.add((b) => b.telemetry.push(telemetry(200)));
    expect(writer.outbox.held).toBe(0);
    expect(await count('SELECT count(*) AS n FROM fleet.telemetry')).toBe(96);
  }, 120_000);

  it('keeps an external system\'s clear in order with its raises while the database is away: cleared, audited, and a raise after it opens again', async () => {
    const { pg, db, dir } = await scratch();
    const [site] = await db.query<{ id: string }>("SELECT id FROM org.sites WHERE slug = 'lindenhof'");
    const writer = new BatchWriter(db, createLogger('test', 'error', () => {}), { intervalMs: 10, maxRows: 2000, vehicleIntervalMs: 1000 });
    writer.outbox = new Outbox({ dataDir: dir, maxRows: 100 });
    cleanup.push(() => writer.stop());
    const at = (s: number) => new Date(Date.parse('2026-11-30T08:00:00Z') + s * 1000);
    const raise = (id: string, s: number): NewAlert => ({ siteId: site!.id, source: 'door-panel', externalId: id, type: 'door', severity: 2, title: `${id} forced`, occurredAt: at(s), receivedAt: at(s) });
    const clear = (id: string, s: number): AlertClear => ({ cleared: true, siteId: site!.id, source: 'door-panel', externalId: id, reason: 'Cleared by its source, door-panel.', at: at(s) });

    pg.stop();
    const sent = [raise('door-1', 1), clear('door-1', 2), raise('door-2', 3), clear('door-2', 4), raise('door-2', 5)];
    await Promise.all(sent.map((a) => writer.add((b) => b.alerts!.push(a))));
    expect(writer.outbox.held).toBe(5);
    pg.start();
    await expect.poll(() => writer.outbox!.held, { timeout: 30_000, interval: 100 }).toBe(0);
    const rows = await db.query<{ external_id: string; status: string; resolved_at: Date | null; repeat_count: number }>(
      "SELECT external_id, status, resolved_at, repeat_count FROM ops.alerts WHERE source = 'door-panel' ORDER BY external_id");
    expect(rows).toEqual([
      { external_id: 'door-1', status: 'auto_resolved', resolved_at: at(2), repeat_count: 0 },
      { external_id: 'door-2', status: 'new', resolved_at: null, repeat_count: 1 },
    ]);
    const audit = await db.query<{ reason: string }>("SELECT reason FROM audit.entries WHERE resource_type = 'alert' ORDER BY seq");
    expect(audit.map((a) => a.reason)).toEqual(['Cleared by its source, door-panel.', 'Cleared by its source, door-panel.']);
  }, 120_000);

  it('drains what an earlier run left without storing twice the chunk it may have committed just before it was killed', async () => {
    const { pg, db, dir } = await scratch();
    const [sensor] = await db.query<{ id: string }>(
      `INSERT INTO fleet.sensors (site_id, sensor_key, name, kind, lat, lon)
       SELECT id, 'ob-s1', 'ob-s1', 'noise', 51.44, 5.47 FROM org.sites WHERE slug = 'lindenhof' RETURNING id`);
    const start = Date.parse('2026-11-30T08:00:00Z');
    const reading = (i: number) => ({ sensor_id: sensor!.id, ts: new Date(start + i * 1000).toISOString(), kind: 'noise', value: i, unit: null, lat: null, lon: null });
    // An earlier run put 30 readings in its outbox, and had committed the first 10 when it was killed.
    const earlier = new Outbox({ dataDir: dir, maxRows: 1000 });
    earlier.put({ telemetry: [], vehicles: new Map(), connections: [], readings: Array.from({ length: 30 }, (_, i) => reading(i)), quarantine: [], repeats: [] });
    earlier.close();
    await db.transaction((tx) => writeBatch(tx, { telemetry: [], vehicles: new Map(), connections: [], readings: Array.from({ length: 10 }, (_, i) => reading(i)), quarantine: [], repeats: [] }));

    const writer = new BatchWriter(db, createLogger('test', 'error', () => {}), { intervalMs: 10, maxRows: 2000, vehicleIntervalMs: 1000 });
    writer.outbox = new Outbox({ dataDir: dir, maxRows: 1000 });
    cleanup.push(() => writer.stop());
    expect(writer.outbox.held).toBe(30);
    await writer.add((b) => b.readings.push(reading(30)));
    await expect.poll(() => writer.outbox!.held, { timeout: 10_000, interval: 50 }).toBe(0);
    await writer.flush();
    const [n] = await db.query<{ n: string; d: string }>('SELECT count(*) AS n, count(DISTINCT value) AS d FROM fleet.sensor_readings');
    expect(n).toEqual({ n: '31', d: '31' });
  }, 120_000);

  it('lets a flush wait out a drain that fails while the database is away, without failing itself (a timer\'s flush would crash the console)', async () => {
    const { pg, db, dir } = await scratch();
    const writer = new BatchWriter(db, createLogger('test', 'error', () => {}), { intervalMs: 10, maxRows: 2000, vehicleIntervalMs: 1000 });
    writer.outbox = new Outbox({ dataDir: dir, maxRows: 1000 });
    cleanup.push(() => writer.stop());
    pg.stop();
    await writer.add((b) => b.alerts!.push({ siteId: '00000000-0000-7000-8000-000000000000', source: 'door-panel', externalId: 'd', type: 'door', severity: 2, title: 'Door', occurredAt: new Date(), receivedAt: new Date() }));
    expect(writer.outbox.held).toBe(1);
    // The drain starts its transaction at once; the flush queued behind it must not take on its failure.
    const draining = (writer as unknown as { drain(): Promise<void> }).drain();
    await expect(writer.flush(false)).resolves.toBeUndefined();
    await expect(draining).resolves.toBeUndefined();
    expect(writer.outbox.held).toBe(1);
  }, 60_000);
});

describe('an ingest outbox that cannot be opened', () => {
  it('is said in the signed-in status, with where rows wait meanwhile, and not to callers who are not signed in', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wf-outbox-'));
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    // A folder where the file should be: SQLite cannot open it.
    mkdirSync(join(dir, OUTBOX_FILE));
    const t = await testCore({ config: { dataDir: dir } });
    cleanup.push(() => t.db.close());
    const admin = await t.signedIn(['admin']);
    const { ingest } = await admin.system.status();
    expect(ingest).toMatchObject({ outbox: 'memory', waiting: 0, dropped: 0 });
    expect(ingest!.problem).toMatch(/^The ingest outbox \(outbox\.sqlite in the data folder\) cannot be opened: .+\. While the database is away, rows wait in memory and are lost if the console stops\.$/);
    expect((await t.core.caller().system.status()).ingest).toBeNull();
    // With a usable folder the outbox is on disk and nothing is wrong.
    const fine = mkdtempSync(join(tmpdir(), 'wf-outbox-'));
    cleanup.push(() => rmSync(fine, { recursive: true, force: true }));
    const u = await testCore({ config: { dataDir: fine } });
    cleanup.push(() => u.db.close());
    expect((await (await u.signedIn(['admin'])).system.status()).ingest).toEqual({ outbox: 'disk', problem: null, waiting: 0, dropped: 0 });
  });
});
