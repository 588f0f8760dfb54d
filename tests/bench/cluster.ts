// `npm run bench -- cluster`: consoles sharing one central PostgreSQL (a scratch database on
// the server at DATABASE_ADMIN_URL, default the local one) and one broker of the bench's own.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
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

async function scratch(server = ADMIN): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `wf_bench_cluster_${process.pid}_${Date.now()}`;
  const admin = new pg.Client(server);
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(server);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const a = new pg.Client(server);
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

/** A bare mqtt.js subscriber to Watchfloor's topics at QoS 1 with a persistent session, on `cpu`: what the broker serves a console at least. */
async function bareSubscriber(brokerUrl: string, cpu: number, id: string): Promise<ChildProcess> {
  const script = `const c = (await import('mqtt')).default.connect(${JSON.stringify(brokerUrl)}, { clientId: ${JSON.stringify(id)}, clean: false });
    c.on('connect', () => c.subscribe('watchfloor/#', { qos: 1 }, () => process.stdout.write('ready\\n')));`;
  const p = spawn('taskset', ['-c', String(cpu), process.execPath, '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((ok, fail) => {
    p.stdout!.on('data', (d: Buffer) => d.toString().includes('ready') && ok());
    p.once('exit', (code) => fail(new Error(`a bare subscriber exited with ${code}`)));
  });
  return p;
}

/**
 * Readings per second from the first publish to the last row committed, with `consoles`
 * consoles running, each in its own process (as on separate machines), the first holding
 * the ingest duty. `place` puts the rest: niced, or on one CPU (see ingestRates), or has bare
 * subscribers stand in for them.
 */
export async function ingestRate(consoles: number, readings: number, place: { nice?: boolean; cpu?: number; bare?: boolean } = {}, server = ADMIN): Promise<number> {
  const db = await scratch(server);
  const broker = await ownMosquitto(BROKER);
  const consolesUp: ChildProcess[] = [];
  const counter = new pg.Client(db.url);
  try {
    // The console that writes runs in a process of its own too, apart from this publisher.
    const writer = await consoleProcess(broker.url, db.url);
    consolesUp.push(writer);
    await until('a console to take the ingest duty', () => writer.output.join('').includes('ingest'));
    for (let i = 1; i < consoles; i++) {
      consolesUp.push(place.bare ? await bareSubscriber(broker.url, place.cpu ?? 1, `bench-bare-${i}`) : await consoleProcess(broker.url, db.url, place));
    }
    await counter.connect();
    const pub = await mqtt.connectAsync(broker.url, { clientId: `bench-pub-${process.pid}` });
    const base = Date.now();
    const t0 = performance.now();
    for (let i = 0; i < readings; i++) {
      pub.publish('watchfloor/v1/lindenhof/sensors/bench-1/reading', JSON.stringify({ ts: new Date(base + i).toISOString(), kind: 'noise', value: i, lat: 51.4418, lon: 5.4702 }), { qos: 1 });
    }
    const count = async () => Number((await counter.query<{ n: string }>('SELECT count(*) AS n FROM fleet.sensor_readings')).rows[0]!.n);
    await until(`${readings} readings stored by ${consoles} console(s)`, async () => (await count()) >= readings, 300_000);
    const rate = Math.round(readings / ((performance.now() - t0) / 1000));
    await pub.endAsync();
    return rate;
  } finally {
    await counter.end().catch(() => {});
    for (const p of consolesUp.reverse()) await new Promise((ok) => (p.exitCode !== null ? ok(null) : (p.once('exit', ok), p.kill('SIGTERM'))));
    await broker.close();
    await db.drop();
  }
}

/** Pins this process (every thread) and what it starts from now on to `cpus`, e.g. '0' or '0,1'. */
const pin = (cpus: string) => execFileSync('taskset', ['-a', '-p', '-c', cpus, String(process.pid)], { stdio: 'ignore' });

/**
 * Ingest with 1 and 3 consoles, in alternating rounds so that background load falls on each
 * alike: medians of 5. Three ways to share this machine's two cores:
 * - `shared`: everything floats on both cores;
 * - `othersNiced`: the two consoles that do not hold the ingest duty run at the lowest priority;
 * - `othersOwnCore`: the console holding the duty, the publisher, a PostgreSQL and the broker of
 *   the bench's own are pinned to CPU 0, the other two consoles to CPU 1, as on machines of their
 *   own; the broker's extra deliveries and the database's extra sessions stay on CPU 0. The run
 *   with one console is pinned alike.
 */
export async function ingestRates() {
  const N = 30_000;
  const ROUNDS = 5;
  const runs = {
    oneConsole: [] as number[], threeConsoles: [] as number[], threeConsolesOthersNiced: [] as number[],
    oneConsolePinned: [] as number[], oneConsoleTwoBareSubscribersOwnCore: [] as number[], threeConsolesOthersOwnCore: [] as number[],
  };
  for (let round = 0; round < ROUNDS; round++) {
    runs.oneConsole.push(await ingestRate(1, N));
    runs.threeConsoles.push(await ingestRate(3, N));
    runs.threeConsolesOthersNiced.push(await ingestRate(3, N, { nice: true }));
  }
  pin('0');
  const pgs = await ownPostgres();
  try {
    pgs.start();
    for (let round = 0; round < ROUNDS; round++) {
      runs.oneConsolePinned.push(await ingestRate(1, N, {}, pgs.url));
      runs.oneConsoleTwoBareSubscribersOwnCore.push(await ingestRate(3, N, { cpu: 1, bare: true }, pgs.url));
      runs.threeConsolesOthersOwnCore.push(await ingestRate(3, N, { cpu: 1 }, pgs.url));
    }
  } finally {
    pgs.remove();
    pin(`0-${cpus().length - 1}`);
  }
  const median = (xs: number[]) => pct(xs, 50);
  const ratio = (a: number[], b: number[]) => Math.round((median(a) / median(b)) * 100) / 100;
  return {
    oneConsole: median(runs.oneConsole), threeConsoles: median(runs.threeConsoles), threeConsolesOthersNiced: median(runs.threeConsolesOthersNiced),
    oneConsolePinned: median(runs.oneConsolePinned), oneConsoleTwoBareSubscribersOwnCore: median(runs.oneConsoleTwoBareSubscribersOwnCore),
    threeConsolesOthersOwnCore: median(runs.threeConsolesOthersOwnCore),
    ratioThreeToOne: ratio(runs.threeConsoles, runs.oneConsole),
    ratioThreeNicedToOne: ratio(runs.threeConsolesOthersNiced, runs.oneConsole),
    ratioThreeOwnCoreToOnePinned: ratio(runs.threeConsolesOthersOwnCore, runs.oneConsolePinned),
    ratioThreeOwnCoreToBareSubscribers: ratio(runs.threeConsolesOthersOwnCore, runs.oneConsoleTwoBareSubscribersOwnCore),
    runs,
    note: 'readings/s, 30,000 at QoS 1 each. shared: all consoles, the database and the broker share this machine\'s two cores; niced: the two that do not hold the ingest duty at the lowest CPU priority; own core: those two pinned to CPU 1, everything else (a PostgreSQL and broker of the bench\'s own) to CPU 0, with one console pinned alike; bare subscribers: two mqtt.js clients on CPU 1 stand in for the two consoles (the floor: what the broker\'s extra deliveries cost the console that writes)',
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
