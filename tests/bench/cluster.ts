// `npm run bench -- cluster`: consoles sharing one central PostgreSQL (a scratch database on
// the server at DATABASE_ADMIN_URL, default the local one) and one broker of the bench's own.
import type { ChildProcess } from 'node:child_process';
import mqtt from 'mqtt';
import pg from 'pg';
import { openPostgres } from '../../db/index.js';
import { DUTIES } from '../../core/duties/leases.js';
import { upsertAlert } from '../../core/ops/alerts.js';
import { startConsole, type TestConsole } from '../mqtt/console.js';
import { consoleProcess } from '../mqtt/console-process.js';
import { ownMosquitto } from '../mqtt/own-mosquitto.js';

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
export async function ingestRate(consoles: number, readings: number): Promise<number> {
  const db = await scratch();
  const broker = await ownMosquitto();
  const cs: TestConsole[] = [];
  const others: ChildProcess[] = [];
  try {
    cs.push(await startConsole(broker.url, {}, await openPostgres(db.url)));
    await until('a console to take the ingest duty', () => cs.some((c) => c.core.duties.holds('ingest')));
    for (let i = 1; i < consoles; i++) others.push(await consoleProcess(broker.url, db.url));
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
    // Failover: the holder stops renewing (as a kill -9 leaves it); time until another holds every duty.
    const failover: number[] = [];
    for (let i = 0; i < 5; i++) {
      await until('each duty held once', () => DUTIES.every((d) => cs.filter((c) => c.core.duties.holds(d)).length === 1));
      const holder = cs.find((c) => c.core.duties.holds('ingest'))!;
      const t0 = performance.now();
      holder.core.duties.abandon();
      await until('another console to take the duties', () => cs.some((c) => c !== holder && DUTIES.every((d) => c.core.duties.holds(d))));
      failover.push(performance.now() - t0);
      await holder.core.duties.start();
    }
    return {
      propagationMs: { ...stats(propagation), floorNotifyMs: stats(floor), p99RatioToFloor: Math.round((pct(propagation, 99) / pct(floor, 99)) * 10) / 10, targetP99Ms: 250 },
      failoverMs: { median: pct(failover, 50), samples: failover.map(Math.round), targetMs: 10_000 },
      ingestReadingsPerSecond: { oneConsole: await ingestRate(1, 10_000), threeConsoles: await ingestRate(3, 10_000) },
      outboxDrainPerSecond: null,
      note: 'outboxDrainPerSecond: no durable local outbox yet (see the closing note); a console holds unwritten rows in memory, bounded.',
    };
  } finally {
    for (const c of cs) await c.stop().catch(() => {});
    await broker.close();
    await db.drop();
  }
}
