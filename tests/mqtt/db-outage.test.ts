// The central database may go away: a console whose database stops mid-stream keeps
// running, says so, and stores every reading once the database is back; a console
// started while its database is down comes up by itself when it answers. Uses a
// PostgreSQL and a Mosquitto of the test's own, never the machine's shared ones.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { afterEach, describe, expect, it } from 'vitest';
import { boot } from '../../core/boot.js';
import { openPostgres } from '../../db/index.js';
import { ownPostgres, postgresInstalled } from '../db/own-postgres.js';
import { startConsole } from './console.js';
import { mosquittoInstalled, ownMosquitto } from './own-mosquitto.js';

const cleanup: Array<() => Promise<unknown> | unknown> = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await Promise.resolve(f()).catch(() => {});
});

describe.skipIf(!postgresInstalled || !mosquittoInstalled)('a central database that goes away', () => {
  it('stopped for 20 s mid-stream: the console keeps running, says so, and loses no reading', async () => {
    const pg = await ownPostgres();
    cleanup.push(() => pg.remove());
    pg.start();
    const broker = await ownMosquitto();
    cleanup.push(() => broker.close());
    const c = await startConsole(broker.url, {}, await openPostgres(pg.url));
    cleanup.push(() => c.stop());
    await expect.poll(() => c.broker.status.state, { timeout: 10_000 }).toBe('connected');
    await expect.poll(() => c.core.duties.holds('ingest'), { timeout: 10_000 }).toBe(true);
    const pub = await mqtt.connectAsync(broker.url, { clientId: `pub-outage-${process.pid}` });
    cleanup.push(() => pub.endAsync(true));
    const topic = 'watchfloor/v1/lindenhof/sensors/outage-1/reading';
    const base = Date.now();
    const send = async (from: number, n: number) => {
      for (let i = from; i < from + n; i++) {
        await pub.publishAsync(topic, JSON.stringify({ ts: new Date(base + i).toISOString(), kind: 'noise', value: i, lat: 51.4418, lon: 5.4702 }), { qos: 1 });
      }
    };
    const count = async () => (await c.db.query<{ n: string; d: string }>('SELECT count(*) AS n, count(DISTINCT value) AS d FROM fleet.sensor_readings'))[0]!;
    await send(0, 300);
    await expect.poll(async () => Number((await count()).n), { timeout: 20_000, interval: 200 }).toBe(300);

    pg.stop();
    const downAt = Date.now();
    await send(300, 300);
    const status = c.core.caller().system.status;
    await expect.poll(async () => (await status()).database, { timeout: 10_000, interval: 200 })
      .toMatchObject({ ok: false, error: expect.stringMatching(/did not answer|terminat|connect/i) });
    await new Promise((ok) => setTimeout(ok, Math.max(0, 20_000 - (Date.now() - downAt))));
    pg.start();
    await send(600, 300);
    await expect.poll(async () => (await status()).database.ok, { timeout: 20_000, interval: 200 }).toBe(true);
    await expect.poll(async () => (await count()).n, { timeout: 30_000, interval: 250 }).toBe('900');
    expect(await count()).toEqual({ n: '900', d: '900' });
  }, 180_000);

  it('down at start and up 30 s later: the console comes up by itself', async () => {
    const pg = await ownPostgres();
    cleanup.push(() => pg.remove());
    const dataDir = mkdtempSync(join(tmpdir(), 'wf-later-'));
    cleanup.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const env = { DATABASE_URL: pg.url, WATCHFLOOR_DATA_DIR: dataDir, WATCHFLOOR_DEMO: 'false', WATCHFLOOR_LOG_LEVEL: 'error' };
    const booted = await boot({}, env);
    cleanup.push(() => booted.stop());
    const api = booted.core.caller();
    expect(booted.fault?.code).toBe('unreachable');
    expect(await api.system.health()).toMatchObject({ ok: false, error: expect.stringContaining('did not answer') });
    await new Promise((ok) => setTimeout(ok, 30_000));
    pg.start();
    await expect.poll(async () => (await api.system.health()).ok, { timeout: 30_000, interval: 250 }).toBe(true);
    // What needs the database started too: the change stream listens and this console took the duties.
    await expect.poll(() => booted.core.changes.listening && booted.core.duties.holds('ingest'), { timeout: 30_000, interval: 250 }).toBe(true);
    expect(await api.auth.state()).toMatchObject({ needsSetup: true, user: null, setupCodeFile: expect.stringContaining(dataDir) });
  }, 180_000);
});
