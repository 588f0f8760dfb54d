// Three consoles on one PostgreSQL and one broker: each duty is done by exactly one of
// them, every reading is stored once, a change made on one is seen by the others, and
// when the console holding the duties dies mid-stream another takes over within 10 s
// with no reading lost or written twice. Uses its own Mosquitto and a scratch database.
import mqtt from 'mqtt';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { openPostgres } from '../../db/index.js';
import { DUTIES } from '../../core/duties/leases.js';
import { upsertAlert } from '../../core/ops/alerts.js';
import { scratchPostgresUrl } from '../db/engines.js';
import { startConsole, type TestConsole } from './console.js';
import { consoleProcess } from './console-process.js';
import { mosquittoInstalled, ownMosquitto } from './own-mosquitto.js';

const cleanup: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f().catch(() => {});
});

const holders = (cs: TestConsole[], duty: (typeof DUTIES)[number]) => cs.filter((c) => c.core.duties.holds(duty));

describe.skipIf(!mosquittoInstalled || !inject('pgAdminUrl'))('three consoles on one central database', () => {
  async function cluster() {
    const broker = await ownMosquitto();
    cleanup.push(() => broker.close());
    const url = await scratchPostgresUrl();
    const consoles: TestConsole[] = [];
    for (let i = 0; i < 3; i++) {
      const c = await startConsole(broker.url, {}, await openPostgres(url));
      cleanup.push(() => c.stop());
      consoles.push(c);
    }
    for (const c of consoles) await expect.poll(() => c.broker.status.state, { timeout: 10_000 }).toBe('connected');
    return { broker, consoles };
  }

  it('one console holds each duty, and a change on one reaches the others', async () => {
    const { consoles } = await cluster();
    for (const d of DUTIES) await expect.poll(() => holders(consoles, d).length, { timeout: 10_000 }).toBe(1);
    const listed = await consoles[2]!.core.duties.list();
    expect(listed.map((l) => l.duty).sort()).toEqual([...DUTIES].sort());
    expect(listed.every((l) => l.live)).toBe(true);
    expect(listed.filter((l) => l.mine).map((l) => l.duty).sort()).toEqual(DUTIES.filter((d) => consoles[2]!.core.duties.holds(d)).sort());

    // An alert acknowledged on console 1 leaves the inboxes of 2 and 3.
    const [site] = await consoles[0]!.db.query<{ id: string }>("SELECT id FROM org.sites WHERE slug = 'lindenhof'");
    const alert = await upsertAlert(consoles[0]!.db, {
      siteId: site!.id, source: 'fire-panel', externalId: 'C1', type: 'smoke', severity: 2, title: 'Smoke C1',
      lat: 51.44236, lon: 5.47066, raw: {}, occurredAt: new Date(), receivedAt: new Date(),
    });
    const seen = consoles.slice(1).map((c) => new Promise<number>((ok) => {
      const off = c.core.bus.on('ops.changed', (e) => {
        if (e.kind === 'alert' && e.id === alert.id) (off(), ok(performance.now()));
      });
    }));
    const at = performance.now();
    await consoles[0]!.api.ops.acknowledgeAlert({ id: alert.id });
    for (const t of await Promise.all(seen)) expect(t - at).toBeLessThan(1000);
    for (const c of consoles.slice(1)) {
      expect((await c.api.ops.alerts({ siteId: site!.id })).find((a) => a.id === alert.id)).toMatchObject({ status: 'acknowledged' });
    }
  });

  it('stores every reading once, and another console takes over within 10 s when the holder is killed (kill -9) mid-stream', async () => {
    const broker = await ownMosquitto();
    cleanup.push(() => broker.close());
    const url = await scratchPostgresUrl();
    // The console holding the duties runs in a process of its own, so it can be killed as a crashed one would be.
    const holder = await consoleProcess(broker.url, url);
    cleanup.push(async () => holder.exitCode === null && holder.signalCode === null && holder.kill('SIGKILL'));
    await expect.poll(() => holder.output.join('').includes('ingest'), { timeout: 20_000 }).toBe(true);
    const consoles: TestConsole[] = [];
    for (let i = 0; i < 2; i++) {
      const c = await startConsole(broker.url, {}, await openPostgres(url));
      cleanup.push(() => c.stop());
      consoles.push(c);
    }
    for (const c of consoles) await expect.poll(() => c.broker.status.state, { timeout: 10_000 }).toBe('connected');
    expect(holders(consoles, 'ingest')).toHaveLength(0);
    const pub = await mqtt.connectAsync(broker.url, { clientId: `pub-${process.pid}`, protocolVersion: 5 });
    cleanup.push(() => pub.endAsync(true));
    const topic = 'watchfloor/v1/lindenhof/sensors/cluster-1/reading';
    const base = Date.now();
    const send = async (from: number, n: number) => {
      for (let i = from; i < from + n; i++) {
        const reading = { ts: new Date(base + i).toISOString(), kind: 'noise', value: i, lat: 51.4418, lon: 5.4702 };
        await pub.publishAsync(topic, JSON.stringify(reading), { qos: 1 });
      }
    };
    const db = consoles[0]!.db;
    const stored = async () => (await db.query<{ n: string; d: string }>('SELECT count(*) AS n, count(DISTINCT value) AS d FROM fleet.sensor_readings'))[0]!;
    await send(0, 1500);
    await expect.poll(async () => Number((await stored()).n), { timeout: 20_000, interval: 200 }).toBeGreaterThan(0);

    holder.kill('SIGKILL');
    const died = performance.now();
    const sending = send(1500, 1500);
    await expect.poll(() => holders(consoles, 'ingest').length, { timeout: 12_000, interval: 100 }).toBe(1);
    expect(performance.now() - died).toBeLessThan(10_000);
    await sending;
    for (const c of consoles) await c.core.fleet.writer.flush();
    await expect.poll(async () => Number((await stored()).n), { timeout: 30_000, interval: 200 }).toBe(3000);
    expect(await stored()).toEqual({ n: '3000', d: '3000' });
  }, 180_000);
});
