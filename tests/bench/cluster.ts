// `npm run bench -- cluster`: consoles sharing one central PostgreSQL (a scratch database on
// the server at DATABASE_ADMIN_URL, default the local one) and one broker of the bench's own.
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt from 'mqtt';
import pg from 'pg';
import { openPostgres } from '../../db/index.js';
import { DUTIES } from '../../core/duties/leases.js';
import { upsertAlert } from '../../core/ops/alerts.js';
import { startConsole, type TestConsole } from '../mqtt/console.js';
import { consoleProcess } from '../mqtt/console-process.js';
import { ownMosquitto } from '../mqtt/own-mosquitto.js';
import { ownPostgres } from '../db/own-postgres.js';

/** The README's broker settings for a site whose ingest must keep up (Mosquitto's default is 20 in flight). */
const BROKER = ['max_inflight_messages 1000'];
const ADMIN = process.env.DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const pct = (xs: number[], p: number) => Math.round([...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))]! * 10) / 10;
const stats = (xs: number[]) => ({ p50: pct(xs, 50), p99: pct(xs, 99), n: xs.length });

async function scratch(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `wf_bench_cluster_${process.pid}_${Date.now()}`;
  const admin = new pg.Client(ADMIN);
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(ADMIN);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const a = new pg.Client(ADMIN);
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await a.end();
    },
  };
}

/** The floor: LISTEN on one connection, NOTIFY from another, time to arrive. */
async function notifyFloor(url: string, n: number): Promise<number[]> {
  const listener = new pg.Client(url);
  const sender = new pg.Client(url);
  await listener.connect();
  await sender.connect();
  await listener.query('LISTEN bench_floor');
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    const got = new Promise<void>((ok) => listener.once('notification', () => ok()));
    await sender.query("SELECT pg_notify('bench_floor', 'x')");
    await got;
    times.push(performance.now() - t0);
  }
  await listener.end();
  await sender.end();
  return times;
}

const until = async (what: string, ok: () => boolean | Promise<boolean>, timeoutMs = 60_000) => {
  const t0 = performance.now();
  while (!(await ok())) {
    if (performance.now() - t0 > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
};

/**
 * Readings per second from the first publish to the last row committed, with `consoles`
 * consoles running, each in its own process (as on separate machines), the first holding
 * the ingest duty.
 */
export async function ingestRate(consoles: number, readings: number, nice = false): Promise<number> {
  const db = await scratch();
  const broker = await ownMosquitto(BROKER);
  const cs: TestConsole[] = [];
  const others: ChildProcess[] = [];
  try {
    cs.push(await startConsole(broker.url, {}, await openPostgres(db.url)));
    await until('a console to take the ingest duty', () => cs.some((c) => c.core.duties.holds('ingest')));
    for (let i = 1; i < consoles; i++) others.push(await consoleProcess(broker.url, db.url, { nice }));
    const pub = await mqtt.connectAsync(broker.url, { clientId: `bench-pub-${process.pid}` });
    const base = Date.now();
    const t0 = performance.now();
    for (let i = 0; i < readings; i++) {
      pub.publish('watchfloor/v1/lindenhof/sensors/bench-1/reading', JSON.stringify({ ts: new Date(base + i).toISOString(), kind: 'noise', value: i, lat: 51.4418, lon: 5.4702 }), { qos: 1 });
    }
    const count = async () => Number((await cs[0]!.db.query<{ n: string }>('SELECT count(*) AS n FROM fleet.sensor_readings'))[0]!.n);
    await until(`${readings} readings stored by ${consoles} console(s)`, async () => (await count()) >= readings, 300_000);
    const rate = Math.round(readings / ((performance.now() - t0) / 1000));
    await pub.endAsync();
    return rate;
  } finally {
    for (const p of others) await new Promise((ok) => (p.once('exit', ok), p.kill('SIGTERM')));
    for (const c of cs) await c.stop().catch(() => {});
    await broker.close();
    await db.drop();
  }
}

/** Ingest with 1 and 3 consoles, in alternating rounds so that background load falls on each alike: medians of 3. */
async function ingestRates() {
  const runs = { oneConsole: [] as number[], threeConsoles: [] as number[], threeConsolesOthersNiced: [] as number[] };
  for (let round = 0; round < 3; round++) {
    runs.oneConsole.push(await ingestRate(1, 10_000));
    runs.threeConsoles.push(await ingestRate(3, 10_000));
    runs.threeConsolesOthersNiced.push(await ingestRate(3, 10_000, true));
  }
  const median = (xs: number[]) => pct(xs, 50);
  return {
    oneConsole: median(runs.oneConsole), threeConsoles: median(runs.threeConsoles), threeConsolesOthersNiced: median(runs.threeConsolesOthersNiced),
    ratioThreeToOne: Math.round((median(runs.threeConsoles) / median(runs.oneConsole)) * 100) / 100,
    ratioThreeNicedToOne: Math.round((median(runs.threeConsolesOthersNiced) / median(runs.oneConsole)) * 100) / 100,
    runs,
    note: 'readings/s, 10,000 at QoS 1 each; all consoles share this machine\'s two cores; "niced": the two that do not hold the ingest duty run at the lowest CPU priority, as on machines of their own',
  };
}

export async function clusterBench(samples = 100) {
  const db = await scratch();
  const broker = await ownMosquitto();
  const cs: TestConsole[] = [];
  try {
    const floor = await notifyFloor(db.url, samples);
    for (let i = 0; i < 3; i++) cs.push(await startConsole(broker.url, {}, await openPostgres(db.url)));
    const [a, b] = cs;
    const [site] = await a!.db.query<{ id: string }>("SELECT id FROM org.sites WHERE slug = 'lindenhof'");
    const propagation: number[] = [];
    for (let i = 0; i < samples; i++) {
      const t0 = performance.now();
      const seen = new Promise<void>((ok, fail) => {
        const timer = setTimeout(() => fail(new Error(`change ${i} never reached the other console`)), 30_000);
        const off = b!.core.bus.on('change', (c) => c.kind === 'alert' && (off(), clearTimeout(timer), ok()));
      });
      await upsertAlert(a!.db, {
        siteId: site!.id, source: 'bench', externalId: `B${i}`, type: 'smoke', severity: 3, title: 'bench',
        lat: 51.44236, lon: 5.47066, raw: {}, occurredAt: new Date(), receivedAt: new Date(),
      });
      await seen;
      propagation.push(performance.now() - t0);
    }
    // Failover: the console holding every duty runs in a process of its own and is killed (kill -9);
    // the time until one of the others holds every duty.
    const failover: number[] = [];
    for (let i = 0; i < 5; i++) {
      for (const c of cs) await c.core.duties.stop();
      const holder = await consoleProcess(broker.url, db.url);
      await until('the process to hold the ingest duty', () => holder.output.join('').includes('ingest'));
      for (const c of cs) await c.core.duties.start();
      await until('the others to see the duties held elsewhere', () => cs.every((c) => DUTIES.every((d) => c.core.duties.elsewhere(d))));
      const t0 = performance.now();
      holder.kill('SIGKILL');
      await until('another console to take every duty', () => cs.some((c) => DUTIES.every((d) => c.core.duties.holds(d))), 30_000);
      failover.push(performance.now() - t0);
      await new Promise((ok) => (holder.exitCode !== null || holder.signalCode !== null ? ok(null) : holder.once('exit', ok)));
    }
    return {
      propagationMs: { ...stats(propagation), floorNotifyMs: stats(floor), p99RatioToFloor: Math.round((pct(propagation, 99) / pct(floor, 99)) * 10) / 10, targetP99Ms: 250 },
      failoverMs: { median: pct(failover, 50), samples: failover.map(Math.round), targetMs: 10_000, how: 'kill -9 of the console process holding every duty, until another console holds every duty' },
      ingestReadingsPerSecond: await ingestRates(),
      outboxDrain: await outboxDrain(),
    };
  } finally {
    for (const c of cs) await c.stop().catch(() => {});
    await broker.close();
    await db.drop();
  }
}

/**
 * The outbox after an outage: a database of the bench's own stopped for `seconds` while readings
 * arrive at `perSecond` (QoS 1, each acknowledged once on disk), then started; the rate at which
 * the outbox empties into it, against the same console's ingest rate with the database up.
 */
export async function outboxDrain(seconds = 60, perSecond = 2_000) {
  const pgs = await ownPostgres();
  const broker = await ownMosquitto(BROKER);
  const dataDir = mkdtempSync(join(tmpdir(), 'wf-bench-outbox-'));
  let c: TestConsole | null = null;
  try {
    pgs.start();
    c = await startConsole(broker.url, { dataDir }, await openPostgres(pgs.url));
    const con = c;
    await until('the console to hold the ingest duty', () => con.core.duties.holds('ingest'));
    const pub = await mqtt.connectAsync(broker.url, { clientId: `bench-drain-${process.pid}` });
    const topic = 'watchfloor/v1/lindenhof/sensors/drain-1/reading';
    const base = Date.now();
    let sent = 0;
    const send = async (n: number) => {
      const acks: Promise<unknown>[] = [];
      for (let i = 0; i < n; i++, sent++) {
        acks.push(pub.publishAsync(topic, JSON.stringify({ ts: new Date(base + sent).toISOString(), kind: 'noise', value: sent, lat: 51.4418, lon: 5.4702 }), { qos: 1 }));
      }
      await Promise.all(acks);
    };
    const count = async () => Number((await con.db.query<{ n: string }>('SELECT count(*) AS n FROM fleet.sensor_readings'))[0]!.n);
    // With the database up: the floor.
    let t0 = performance.now();
    await send(perSecond * 10);
    await until('the readings with the database up', async () => (await count()) >= sent, 120_000);
    const upRate = Math.round((perSecond * 10) / ((performance.now() - t0) / 1000));
    pgs.stop();
    const before = sent;
    // A steady `perSecond`, in tenths of a second, for `seconds`.
    const start = performance.now();
    for (let tick = 1; tick <= seconds * 10; tick++) {
      await send(perSecond / 10);
      const wait = start + tick * 100 - performance.now();
      if (wait > 0) await new Promise((ok) => setTimeout(ok, wait));
    }
    const offered = (sent - before) / ((performance.now() - start) / 1000);
    const held = con.core.fleet.writer.backlog;
    pgs.start();
    t0 = performance.now();
    await until('the outbox to drain', async () => con.core.fleet.writer.backlog.waiting === 0 && (await count().catch(() => 0)) >= sent, 600_000);
    const drainS = (performance.now() - t0) / 1000;
    await pub.endAsync();
    return {
      outageS: seconds, offeredPerSecond: Math.round(offered), heldInOutbox: held.waiting, where: held.outbox, dropped: held.dropped,
      stored: await count(), sent, drainS: Math.round(drainS * 10) / 10, drainPerSecond: Math.round(held.waiting / drainS),
      floorIngestPerSecondDatabaseUp: upRate, ratioToFloor: Math.round((held.waiting / drainS / upRate) * 100) / 100,
      note: 'drain time counts from the database being started, so it includes PostgreSQL starting and the console noticing it',
    };
  } finally {
    await c?.stop().catch(() => {});
    await broker.close();
    pgs.remove();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
