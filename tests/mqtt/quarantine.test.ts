// Bad input never costs good input: a corpus of malformed messages interleaved with valid
// ones goes through a real broker; every valid one lands, every bad one is quarantined
// with its reason, on both database engines.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { afterEach, describe, expect, it } from 'vitest';
import { quarantined } from '../../core/fleet/gate.js';
import { startEmbeddedBroker } from '../../core/mqtt/embedded-broker.js';
import { openPglite, openPostgres } from '../../db/index.js';
import { engines, scratchPostgresUrl } from '../db/engines.js';
import { startConsole, uniqueInterface } from './console.js';
import { connectionMessage, stateMessage, visualizationMessage } from './vda.js';

const MAX = 2048;
const future = (min: number) => new Date(Date.now() + min * 60_000).toISOString();
const json = (o: unknown) => Buffer.from(JSON.stringify(o));

interface Sample { topic: string; payload: Buffer; reason?: RegExp }

function corpus(iface: string): { good: Sample[]; bad: Sample[] } {
  const vda = (t: string, serial = 'c-1') => `${iface}/v2/Corpus/${serial}/${t}`;
  const sensor = (key: string, site = 'lindenhof') => `watchfloor/v1/${site}/sensors/${key}/reading`;
  const st = (o: Record<string, unknown> = {}) => ({ ...stateMessage('Corpus', 'c-1'), ...o });
  const reading = (o: Record<string, unknown> = {}) => ({ ts: new Date().toISOString(), kind: 'temperature', value: 14.5, unit: '°C', lat: 51.4418, lon: 5.4702, ...o });
  const good: Sample[] = [
    { topic: vda('connection'), payload: json(connectionMessage('Corpus', 'c-1', 'ONLINE')) },
    ...Array.from({ length: 20 }, (_, i) => ({ topic: vda('state'), payload: json(stateMessage('Corpus', 'c-1', { x: 100 + i, battery: 90 - i })) })),
    ...Array.from({ length: 20 }, (_, i) => ({ topic: vda('visualization'), payload: json(visualizationMessage('Corpus', 'c-1', { x: 150 + i })) })),
    ...Array.from({ length: 15 }, (_, i) => ({ topic: sensor('t-1'), payload: json(reading({ value: 10 + i })) })),
    // Registered by the first reading above, so later ones may omit the position.
    ...Array.from({ length: 5 }, () => ({ topic: sensor('t-1'), payload: json(reading({ lat: undefined, lon: undefined })) })),
  ];
  const bad: Sample[] = [
    { topic: vda('state'), payload: Buffer.from('{"broken'), reason: /^not JSON/ },
    { topic: vda('state'), payload: Buffer.alloc(0), reason: /^message is empty/ },
    { topic: vda('state'), payload: json([1, 2]), reason: /JSON is an array/ },
    { topic: vda('state'), payload: json('hello'), reason: /JSON is a string/ },
    { topic: vda('state'), payload: Buffer.from('null'), reason: /JSON is null/ },
    { topic: vda('state'), payload: json({ ...st(), pad: 'x'.repeat(MAX) }), reason: /over the 2048-byte limit/ },
    { topic: vda('state'), payload: json({ ...st(), headerId: undefined }), reason: /schema.*headerId/ },
    { topic: vda('state'), payload: json(st({ batteryState: { batteryCharge: 'full', charging: false } })), reason: /schema.*batteryCharge/ },
    { topic: vda('state'), payload: json({ ...st(), errors: undefined }), reason: /schema.*errors/ },
    { topic: vda('state'), payload: json(st({ manufacturer: 'Other' })), reason: /header names Other\/c-1 but the topic Corpus\/c-1/ },
    { topic: vda('state'), payload: json(st({ serialNumber: 'c-2' })), reason: /header names Corpus\/c-2/ },
    { topic: vda('state'), payload: json(st({ timestamp: future(10) })), reason: /more than 5 minutes in the future/ },
    { topic: vda('state'), payload: json(st({ timestamp: 'yesterday' })), reason: /schema.*timestamp/ },
    { topic: vda('state'), payload: json(stateMessage('Corpus', 'c-1', { mapId: 'atlantis-hq' })), reason: /map 'atlantis-hq', which no site knows/ },
    { topic: vda('state'), payload: json(stateMessage('Corpus', 'c-1', { x: 1e7 })), reason: /more than 500 m outside map/ },
    { topic: vda('state'), payload: json(stateMessage('Corpus', 'c-1', { battery: 150 })), reason: /batteryCharge 150 is outside 0–100/ },
    { topic: vda('state'), payload: json(st({ velocity: 'fast' })), reason: /schema.*velocity/ },
    { topic: vda('state'), payload: json(st({ agvPosition: { x: 1, y: 2, mapId: 'lindenhof-campus', positionInitialized: true } })), reason: /schema.*theta/ },
    { topic: vda('visualization'), payload: json({ ...visualizationMessage('Corpus', 'c-1'), agvPosition: { x: 'a' } }), reason: /schema/ },
    { topic: vda('visualization'), payload: json(visualizationMessage('Corpus', 'c-1', { ts: future(60) })), reason: /in the future/ },
    { topic: vda('connection'), payload: json(connectionMessage('Corpus', 'c-1', 'MAYBE')), reason: /schema.*connectionState/ },
    { topic: vda('state'), payload: Buffer.from([0xff, 0xfe, 0x00, 0x7b]), reason: /^not JSON/ },
    { topic: vda('state'), payload: Buffer.from('{"a":"\u0000"}'.replace('\\u0000', '\u0000')), reason: /^not JSON/ },
    { topic: vda('state'), payload: Buffer.from('['.repeat(100_000 > MAX ? 2000 : 0)), reason: /^not JSON/ },
    { topic: sensor('t-1', 'atlantis'), payload: json(reading()), reason: /site 'atlantis' is not known/ },
    { topic: sensor('t-1'), payload: json(reading({ value: '12' })), reason: /schema: value/ },
    { topic: sensor('t-1'), payload: json(reading({ value: undefined })), reason: /schema: value/ },
    { topic: sensor('t-1'), payload: json(reading({ lat: 95 })), reason: /schema: lat/ },
    { topic: sensor('t-1'), payload: json(reading({ lon: -200 })), reason: /schema: lon/ },
    { topic: sensor('t-1'), payload: json(reading({ lon: undefined })), reason: /lat and lon come together/ },
    { topic: sensor('t-1'), payload: json(reading({ ts: future(60) })), reason: /ts .* more than 5 minutes in the future/ },
    { topic: sensor('t-1'), payload: json(reading({ ts: 'noon' })), reason: /schema: ts/ },
    { topic: sensor('t-1'), payload: json(reading({ ts: undefined })), reason: /schema: ts/ },
    { topic: sensor('t-1'), payload: json(reading({ colour: 'blue' })), reason: /schema/ },
    { topic: sensor('t-1'), payload: json(reading({ kind: '' })), reason: /schema: kind/ },
    { topic: sensor('s-new'), payload: json(reading({ lat: undefined, lon: undefined })), reason: /'s-new' is not registered and its reading gives no lat\/lon/ },
    { topic: sensor('t-1'), payload: Buffer.from('temperature=12'), reason: /^not JSON/ },
    { topic: sensor('t-1'), payload: json(reading({ note: 'y'.repeat(MAX) })), reason: /over the 2048-byte limit/ },
    // Passed the gate once, then refused by the database with nothing but a log line.
    { topic: `${iface}/v2/${'M'.repeat(300)}/c-1/state`, payload: json({ ...st(), manufacturer: 'M'.repeat(300) }), reason: /manufacturer in the topic is 300 characters/ },
    { topic: sensor('s'.repeat(300)), payload: json(reading()), reason: /sensor id in the topic is 300 characters/ },
    { topic: sensor('s-nul'), payload: json(reading({ name: 'bad\u0000name' })), reason: /NUL character/ },
    { topic: vda('state'), payload: json(st({ errors: [{ errorType: 'x\ud800', errorLevel: 'WARNING' }] })), reason: /lone UTF-16 surrogate/ },
    { topic: vda('state'), payload: Buffer.from(`{"x":${'['.repeat(40)}${']'.repeat(40)}}`), reason: /nests deeper than 32 levels/ },
  ];
  return { good, bad };
}

/** Valid and invalid messages alternate, so a bad one is always between two good ones. */
function interleave(good: Sample[], bad: Sample[]): Sample[] {
  const out: Sample[] = [];
  const step = good.length / bad.length;
  bad.forEach((b, i) => out.push(...good.slice(Math.round(i * step), Math.round((i + 1) * step)), b));
  return out;
}

describe.each(engines())('ingest quarantine on $name', (engine) => {
  const cleanup: Array<() => Promise<unknown>> = [];
  afterEach(async () => {
    for (const f of cleanup.splice(0).reverse()) await f();
  });

  /** A console on its own embedded broker and a fresh database of this engine, its master controller started. */
  async function setup() {
    const broker = await startEmbeddedBroker();
    cleanup.push(() => broker.close());
    const iface = uniqueInterface();
    const c = await startConsole(broker.url, { vdaInterface: iface, ingestMaxBytes: MAX, vehicleTimeoutSeconds: 3600 }, await engine.fresh());
    cleanup.push(() => c.stop());
    await expect.poll(() => c.core.ingest?.master !== null && c.broker.status.state === 'connected', { timeout: 10_000 }).toBe(true);
    return { broker, iface, c };
  }

  it.skipIf(!engine.available)('quarantines every malformed message with its reason and stores every valid one around them', async () => {
    const { broker, iface, c } = await setup();

    const { good, bad } = corpus(iface);
    expect(bad.length).toBeGreaterThanOrEqual(30);
    const pub = await mqtt.connectAsync(broker.url, { protocolVersion: 4 });
    cleanup.push(() => pub.endAsync());
    for (const m of interleave(good, bad)) await pub.publishAsync(m.topic, m.payload, { qos: 1 });

    await expect.poll(() => c.core.fleet.ingest.received, { timeout: 15_000 }).toBe(good.length + bad.length);
    await expect.poll(async () => {
      await c.core.fleet.writer.flush();
      const [r] = await c.db.query<{ t: string; s: string }>('SELECT (SELECT count(*) FROM fleet.telemetry) AS t, (SELECT count(*) FROM fleet.sensor_readings) AS s');
      return [Number(r!.t), Number(r!.s)];
    }, { timeout: 10_000 }).toEqual([40, 20]);

    // Every bad message is in the quarantine once, with the reason it was refused.
    const rows = await c.db.query<{ topic: string; reason: string; payload: string; payload_bytes: number; truncated: boolean }>(
      'SELECT topic, reason, payload, payload_bytes, truncated FROM ingest.quarantine ORDER BY received_at, id');
    expect(rows).toHaveLength(bad.length);
    expect(c.core.fleet.ingest.quarantined).toBe(bad.length);
    bad.forEach((b, i) => {
      // Found by what was sent (two connections deliver, so arrival order is not publish order).
      const kept = quarantined(b.topic, b.payload, '', MAX, new Date()).payload;
      const matches = rows.filter((r) => r.topic === b.topic && r.payload === kept);
      expect(matches, `sample ${i}: ${kept.slice(0, 60)}`).toHaveLength(1);
      const row = matches[0]!;
      expect(row.reason, `sample ${i}: ${kept.slice(0, 60)}`).toMatch(b.reason!);
      expect(row.payload_bytes).toBe(b.payload.length);
      expect(row.truncated).toBe(b.payload.length > MAX);
      expect(row.payload.length).toBeLessThanOrEqual(MAX * 2);
    });
    // A NUL byte is kept visibly rather than failing the row.
    expect(rows.some((r) => r.payload.includes('\\u0000'))).toBe(true);

    // What the good messages said is what the console shows.
    const [v] = await c.api.fleet.vehicles();
    expect(v).toMatchObject({ manufacturer: 'Corpus', serialNumber: 'c-1', battery: 71, connection: 'ONLINE', status: 'driving' });
    const [s] = await c.api.fleet.sensors();
    expect(s).toMatchObject({ key: 't-1', kind: 'temperature' });
    const q = await c.api.fleet.quarantine({ limit: 500 });
    expect(q).toHaveLength(bad.length);
  });

  it.skipIf(!engine.available)('keeps a flood from one source as samples with a count, names the source, and stores the valid traffic in between', async () => {
    const { broker, iface, c } = await setup();
    const pub = await mqtt.connectAsync(broker.url, { protocolVersion: 4 });
    cleanup.push(() => pub.endAsync());
    const junk = `${iface}/v2/Junk/j-1/state`;
    const flood = 1000;
    for (let i = 0; i < flood; i++) {
      await pub.publishAsync(junk, Buffer.from(`{"broken ${i}`));
      if (i % 50 === 0) await pub.publishAsync(`${iface}/v2/Corpus/c-1/state`, json(stateMessage('Corpus', 'c-1', { x: 100 + i / 50 })));
    }
    await pub.publishAsync(junk, Buffer.from('{"broken last'), { qos: 1 });
    await expect.poll(() => c.core.fleet.ingest.quarantined, { timeout: 20_000 }).toBe(flood + 1);
    await expect.poll(async () => {
      await c.core.fleet.writer.flush();
      const [r] = await c.db.query<{ kept: string; total: string; telemetry: string }>(
        "SELECT count(*) AS kept, sum(1 + repeats) AS total, (SELECT count(*) FROM fleet.telemetry) AS telemetry FROM ingest.quarantine WHERE topic = $1", [junk]);
      return [Number(r!.kept), Number(r!.total), Number(r!.telemetry)];
    }, { timeout: 10_000 }).toEqual([20, flood + 1, flood / 50]);
    const [first] = (await c.api.fleet.quarantine({ limit: 500 })).filter((q) => q.repeats > 0);
    expect(first).toMatchObject({ topic: junk, repeats: flood + 1 - 20, lastReceivedAt: expect.any(String) });
    await expect.poll(() => c.core.fleet.ingest.flooding, { timeout: 5000 }).toEqual({ source: `${iface}/v2/Junk/j-1`, perMinute: flood + 1 });
  });

  it.skipIf(!engine.available)('retained junk is kept and counted once: not again on a new subscription, after a restart, or by a second console', async () => {
    const broker = await startEmbeddedBroker();
    cleanup.push(() => broker.close());
    const iface = uniqueInterface();
    // One database the console is started on twice (a restart), and a second console shares.
    const url = engine.name === 'postgres' ? await scratchPostgresUrl() : join(mkdtempSync(join(tmpdir(), 'wf-retained-')), 'db');
    const open = () => (engine.name === 'postgres' ? openPostgres(url) : openPglite(url));
    const pub = await mqtt.connectAsync(broker.url, { protocolVersion: 4 });
    cleanup.push(() => pub.endAsync());
    const junk = [
      { topic: `${iface}/v2/Junk/j-1/connection`, payload: Buffer.from('{"retained broken') },
      { topic: 'watchfloor/v1/lindenhof/sensors/r-1/reading', payload: Buffer.from('not a reading') },
      { topic: 'watchfloor/v1/lindenhof/alerts/panel-r', payload: Buffer.from('{"title": 5}') },
    ];
    for (const j of junk) await pub.publishAsync(j.topic, j.payload, { qos: 1, retain: true });
    const kept = async (c: { db: { query<T>(sql: string, p?: unknown[]): Promise<T[]> } }) =>
      Number((await c.db.query<{ n: string }>('SELECT count(*) AS n FROM ingest.quarantine WHERE topic = ANY($1)', [junk.map((j) => j.topic)]))[0]!.n);
    const started = async () => {
      const c = await startConsole(broker.url, { vdaInterface: iface, ingestMaxBytes: MAX }, await open());
      await expect.poll(() => c.core.ingest?.master !== null && c.broker.status.state === 'connected', { timeout: 10_000 }).toBe(true);
      return c;
    };

    const c = await started();
    await expect.poll(async () => (await c.core.fleet.writer.flush(), kept(c)), { timeout: 15_000 }).toBe(3);
    expect(c.core.fleet.ingest.quarantined).toBe(3);
    // A new subscription (the connection pointed at the broker again) delivers the retained copies again.
    const received = c.core.fleet.ingest.received;
    await c.broker.reconfigure({ ...c.broker.options });
    await expect.poll(() => c.core.fleet.ingest.received, { timeout: 15_000 }).toBe(received + 3);
    // Junk that is not retained still counts every time.
    await pub.publishAsync(junk[1]!.topic, junk[1]!.payload, { qos: 1 });
    await expect.poll(() => c.core.fleet.ingest.quarantined, { timeout: 10_000 }).toBe(4);
    await c.core.fleet.writer.flush();
    expect(await kept(c)).toBe(4);

    // A second console on the same database (a central one: an embedded one has one console), and the
    // first one restarted: they receive the retained copies, and nothing more is kept or counted.
    const others = engine.name === 'postgres' ? [await started()] : [];
    await c.stop();
    const again = await started();
    for (const x of [...others, again]) {
      cleanup.push(() => x.stop());
      await expect.poll(() => x.core.fleet.ingest.received, { timeout: 15_000 }).toBe(3);
      await x.core.fleet.writer.flush();
      expect(x.core.fleet.ingest.quarantined).toBe(0);
    }
    expect(await kept(again)).toBe(4);
  });
});
