// A console killed (kill -9) while its central database is away loses nothing the broker
// delivered: what it could not write is in its outbox on disk, what it had not put there yet
// it never acknowledged, so the broker sends it again to the same session; restarted once
// the database is back, it stores every reading the publisher had acknowledged, once. The
// console runs in a process of its own; the PostgreSQL and the Mosquitto are the test's own.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import mqtt from 'mqtt';
import { afterEach, describe, expect, it } from 'vitest';
import { OUTBOX_FILE } from '../../core/fleet/outbox.js';
import { openPostgres } from '../../db/index.js';
import { ownPostgres, postgresInstalled } from '../db/own-postgres.js';
import { consoleProcess } from './console-process.js';
import { mosquittoInstalled, ownMosquitto } from './own-mosquitto.js';

const Sqlite = createRequire(import.meta.url)('better-sqlite3') as typeof BetterSqlite3;
const cleanup: Array<() => Promise<unknown> | unknown> = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await Promise.resolve(f()).catch(() => {});
});

/** Rows in the console's outbox, read beside it (WAL lets a reader in while it writes). */
function outboxRows(dir: string): number {
  const file = join(dir, OUTBOX_FILE);
  if (!existsSync(file)) return 0;
  const db = new Sqlite(file, { readonly: true, fileMustExist: true });
  try {
    return (db.prepare('SELECT count(*) AS n FROM spool').get() as { n: number }).n;
  } catch {
    return 0; // created, table not yet there
  } finally {
    db.close();
  }
}

describe.skipIf(!postgresInstalled || !mosquittoInstalled)('a console killed while its database is away', () => {
  it('stores every reading and alert the broker acknowledged, exactly once, after it restarts', async () => {
    const pg = await ownPostgres();
    cleanup.push(() => pg.remove());
    pg.start();
    const broker = await ownMosquitto();
    cleanup.push(() => broker.close());
    const dataDir = mkdtempSync(join(tmpdir(), 'wf-outbox-kill-'));
    cleanup.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const keep = { dataDir, clientId: `wf-outbox-kill-${process.pid}` };
    const first = await consoleProcess(broker.url, pg.url, keep);
    cleanup.push(() => first.exitCode === null && first.kill('SIGKILL'));
    await expect.poll(() => first.output.join('').includes('ingest'), { timeout: 30_000 }).toBe(true);

    const pub = await mqtt.connectAsync(broker.url, { clientId: `pub-outbox-${process.pid}` });
    cleanup.push(() => pub.endAsync(true));
    const topic = 'watchfloor/v1/lindenhof/sensors/outbox-1/reading';
    const base = Date.now() - 3_600_000;
    let acked = 0;
    /** Publishes readings `from`…`from + n - 1` at QoS 1, all at once; resolves when the broker acknowledged each. */
    const send = (from: number, n: number) => Promise.all(Array.from({ length: n }, (_, k) => {
      const i = from + k;
      const reading = { ts: new Date(base + i * 1000).toISOString(), kind: 'noise', value: i, lat: 51.4418, lon: 5.4702 };
      return pub.publishAsync(topic, JSON.stringify(reading), { qos: 1 }).then(() => void acked++);
    }));
    const db = await openPostgres(pg.url);
    cleanup.push(() => db.close());
    const stored = async () => (await db.query<{ n: string; d: string }>('SELECT count(*) AS n, count(DISTINCT value) AS d FROM fleet.sensor_readings'))[0]!;
    await send(0, 200);
    await expect.poll(async () => (await stored()).n, { timeout: 30_000, interval: 200 }).toBe('200');

    // The database goes away: the first readings are written to the outbox by the duty's holder…
    pg.stop();
    await send(200, 300);
    await expect.poll(() => outboxRows(dataDir), { timeout: 30_000, interval: 100 }).toBe(300);
    // …the rest once its lease ran out (kept as standby), and it is killed while they still flow in.
    await expect.poll(() => first.output.join('').includes('standby'), { timeout: 30_000, interval: 100 }).toBe(true);
    const flowing = send(500, 2000);
    // External alerts in the same stream: five, each once (none counted as a repeat).
    const alerts = Promise.all([1, 2, 3, 4, 5].map((n) => pub.publishAsync('watchfloor/v1/lindenhof/alerts/door-panel',
      JSON.stringify({ externalId: `door-${n}`, type: 'door', severity: 2, title: `Door ${n} forced` }), { qos: 1 })));
    await expect.poll(() => outboxRows(dataDir), { timeout: 30_000, interval: 20 }).toBeGreaterThan(400);
    first.kill('SIGKILL');
    await flowing;
    await alerts;
    expect(acked).toBe(2500);
    const spooled = outboxRows(dataDir);
    expect(spooled).toBeLessThan(2300); // some were delivered and not yet on disk, or not yet delivered

    pg.start();
    const second = await consoleProcess(broker.url, pg.url, keep);
    cleanup.push(() => second.exitCode === null && second.kill('SIGKILL'));
    await expect.poll(async () => (await stored()).n, { timeout: 60_000, interval: 250 }).toBe('2500');
    expect(await stored()).toEqual({ n: '2500', d: '2500' });
    await expect.poll(async () => (await db.query<{ external_id: string; repeat_count: number }>(
      "SELECT external_id, repeat_count FROM ops.alerts WHERE source = 'door-panel' ORDER BY external_id")).map((r) => `${r.external_id}×${r.repeat_count}`),
    { timeout: 10_000, interval: 100 }).toEqual(['door-1×0', 'door-2×0', 'door-3×0', 'door-4×0', 'door-5×0']);
    await expect.poll(() => outboxRows(dataDir), { timeout: 10_000, interval: 100 }).toBe(0);
  }, 240_000);
});
