import { describe, expect, it } from 'vitest';
import { decode, inspectSensor, inspectVda, quarantined, vdaTopic, type KnownPlaces } from './gate.js';

const places: KnownPlaces = {
  siteBySlug: (s) => (s === 'lindenhof' ? 'site-1' : undefined),
  map: (m) => (m === 'campus'
    ? { id: 'x', mapId: 'campus', name: 'c', originLat: 51, originLon: 5, rotationDeg: 0, bounds: { minX: 0, minY: 0, maxX: 400, maxY: 300 }, matrix: null, plan: null, placement: null, siteId: 'site-1' }
    : undefined),
};
const now = new Date('2026-11-22T10:00:00Z');
const ctx = { maxBytes: 1024, now, places, validate: () => {} };
const buf = (o: unknown) => Buffer.from(JSON.stringify(o));
const header = { manufacturer: 'M', serialNumber: 'S', timestamp: now.toISOString(), version: '2.0.0' };

describe('ingest gate', () => {
  it('refuses what is not a JSON object within the size cap, saying why', () => {
    expect(decode(Buffer.alloc(1025, 32), 1024)).toEqual({ ok: false, reason: 'message is 1025 bytes, over the 1024-byte limit' });
    expect(decode(Buffer.from('{'), 1024)).toMatchObject({ ok: false, reason: expect.stringMatching(/^not JSON/) });
    expect(decode(Buffer.from('42'), 1024)).toMatchObject({ ok: false, reason: 'JSON is a number, not an object' });
    expect(decode(Buffer.from('{"a":1}'), 1024)).toEqual({ ok: true, value: { a: 1 } });
  });

  it('refuses what the database could not store: deep nesting, NUL, lone surrogates, over-long ids', () => {
    const deep = `${'{"a":'.repeat(10_000)}{}${'}'.repeat(10_000)}`;
    expect(decode(Buffer.from(deep), 1 << 20)).toEqual({ ok: false, reason: 'JSON nests deeper than 32 levels' });
    expect(decode(buf({ a: [[{ b: 1 }]] }), 1024).ok).toBe(true);
    expect(decode(buf({ title: 'a\u0000b' }), 1024)).toEqual({ ok: false, reason: 'a text holds a NUL character, which the database cannot store' });
    expect(decode(buf({ extra: { ['k\u0000']: 1 } }), 1024)).toMatchObject({ reason: expect.stringMatching(/NUL/) });
    expect(decode(buf({ title: 'x\ud800' }), 1024)).toEqual({ ok: false, reason: 'a text holds a lone UTF-16 surrogate (not valid Unicode)' });
    expect(decode(buf({ title: 'ok 😀' }), 1024).ok).toBe(true);
    // Texts are looked at only when the message has a `\u` escape; raw bytes cannot carry NUL or a lone surrogate.
    expect(decode(Buffer.from('{"a":[{"b":"x\\u0000"}]}'), 1024)).toMatchObject({ reason: expect.stringMatching(/NUL/) });
    expect(decode(Buffer.from('{"a":"\\u0041\\ud83d\\ude00"}'), 1024)).toEqual({ ok: true, value: { a: 'A😀' } });
    expect(decode(Buffer.from([...Buffer.from('{"a":"'), 0xed, 0xa0, 0x80, ...Buffer.from('"}')]), 1024)).toEqual({ ok: true, value: { a: '\ufffd\ufffd\ufffd' } });
    expect(decode(Buffer.from('{"a":"b\u0000"}'), 1024)).toMatchObject({ reason: expect.stringMatching(/^not JSON/) });
    const m = 'M'.repeat(10_000);
    expect(inspectVda(`uagv/v2/${m}/S/state`, buf({ ...header, manufacturer: m }), ctx)).toEqual({ ok: false, reason: 'the manufacturer in the topic is 10000 characters, more than 200' });
    expect(inspectSensor(`watchfloor/v1/lindenhof/sensors/${'s'.repeat(10_000)}/reading`, buf({ ts: now.toISOString(), kind: 'noise', value: 1 }), ctx))
      .toEqual({ ok: false, reason: 'the sensor id in the topic is 10000 characters, more than 200' });
  });

  it('reads VDA 5050 topics and checks header, clock, map and range', () => {
    expect(vdaTopic('uagv/v2/M/S/state')).toEqual({ manufacturer: 'M', serialNumber: 'S', subtopic: 'state' });
    expect(vdaTopic('uagv/v1/M/S/state')).toBeNull();
    const ok = inspectVda('uagv/v2/M/S/state', buf({ ...header, agvPosition: { x: 10, y: 10, theta: 0, mapId: 'campus' } }), ctx);
    expect(ok.ok).toBe(true);
    const at = (o: object) => inspectVda('uagv/v2/M/S/state', buf({ ...header, ...o }), ctx);
    expect(at({ timestamp: '2026-11-22T10:05:01Z' })).toMatchObject({ reason: expect.stringMatching(/5 minutes in the future/) });
    expect(at({ timestamp: '2026-11-22T10:04:59Z' }).ok).toBe(true);
    expect(at({ agvPosition: { x: 901, y: 0, theta: 0, mapId: 'campus' } })).toMatchObject({ reason: expect.stringMatching(/outside map 'campus'/) });
    expect(at({ agvPosition: { x: 899, y: 0, theta: 0, mapId: 'campus' } }).ok).toBe(true);
    const invalid = inspectVda('uagv/v2/M/S/state', buf(header), { ...ctx, validate: () => { throw new TypeError('Invalid VDA 5050 State at #/required'); } });
    expect(invalid).toEqual({ ok: false, reason: 'fails the VDA 5050 2.0.0 state schema: Invalid VDA 5050 State at #/required' });
  });

  it('quarantines a vehicle of another major version, naming the version it speaks; reads a later 2.x as 2.0.0', () => {
    const seen: string[] = [];
    const c = { ...ctx, validate: (_: string, o: object) => void seen.push((o as { version: string }).version) };
    expect(inspectVda('uagv/v2/M/S/state', buf({ ...header, version: '1.1.0' }), c)).toEqual({ ok: false, reason: 'speaks VDA 5050 version 1.1.0; Watchfloor speaks 2.x (major version 2)' });
    expect(inspectVda('uagv/v2/M/S/state', buf({ ...header, version: '3.0.0' }), c)).toMatchObject({ reason: expect.stringMatching(/^speaks VDA 5050 version 3\.0\.0;/) });
    expect(inspectVda('uagv/v2/M/S/state', buf({ ...header, version: undefined }), c)).toMatchObject({ reason: expect.stringMatching(/^speaks VDA 5050 without a version;/) });
    expect(inspectVda('uagv/v2/M/S/state', buf({ ...header, version: '2.1.0' }), c)).toMatchObject({ ok: true, value: { version: '2.1.0' } });
    expect(seen).toEqual(['2.0.0']);
  });

  it('refuses a factsheet without the sections the standard requires', () => {
    expect(inspectVda('uagv/v2/M/S/factsheet', buf({ ...header, typeSpecification: {}, physicalParameters: {} }), ctx))
      .toEqual({ ok: false, reason: 'factsheet lacks protocolLimits, protocolFeatures, agvGeometry, loadSpecification' });
  });

  it('reads sensor topics: known site, schema, position pairs', () => {
    const reading = { ts: now.toISOString(), kind: 'noise', value: 50 };
    expect(inspectSensor('watchfloor/v1/lindenhof/sensors/n1/reading', buf(reading), ctx)).toEqual({ ok: true, value: { siteId: 'site-1', sensorKey: 'n1', reading } });
    expect(inspectSensor('watchfloor/v1/lindenhof/sensors/n1/other', buf(reading), ctx).ok).toBe(false);
    expect(inspectSensor('watchfloor/v1/elsewhere/sensors/n1/reading', buf(reading), ctx)).toMatchObject({ reason: "site 'elsewhere' is not known" });
  });

  it('keeps a refused payload up to the cap with NULs visible', () => {
    const q = quarantined('t', Buffer.from('a\u0000b'.padEnd(2000, 'x')), 'r', 1024, now);
    expect(q).toMatchObject({ payloadBytes: 2000, truncated: true });
    expect(q.payload.startsWith('a\\u0000b')).toBe(true);
    expect(q.payload.length).toBe(1024 + 5);
  });
});
