// The one door every MQTT message passes: size, JSON, schema, and what it refers to.
// Nothing here throws; a refusal is a reason in words for ingest.quarantine.
import { createHash } from 'node:crypto';
import { SensorReading, type SiteMap } from '../contract/index.js';

export type Verdict<T> = { ok: true; value: T } | { ok: false; reason: string };
const refuse = (reason: string): { ok: false; reason: string } => ({ ok: false, reason });

/** How far a message may be stamped ahead of the console's clock. */
export const MAX_FUTURE_MS = 5 * 60_000;
/** How far outside its map's bounds a vehicle may report itself. */
export const MAP_MARGIN_M = 500;

export interface KnownPlaces {
  /** Site id by slug. */
  siteBySlug(slug: string): string | undefined;
  /** The georeferenced map a vehicle position names, with its site. */
  map(mapId: string): (SiteMap & { siteId: string }) | undefined;
  /**
   * Field mode (a laptop at one robot): a position on a map no site knows passes, unplaced,
   * until the technician gives the map's origin; elsewhere such a message is refused.
   */
  readonly acceptUnknownMaps?: boolean;
}

/** Size cap, UTF-8, JSON, and an object at the top. */
export function decode(payload: Buffer, maxBytes: number): Verdict<Record<string, unknown>> {
  if (payload.length > maxBytes) return refuse(`message is ${payload.length} bytes, over the ${maxBytes}-byte limit`);
  if (payload.length === 0) return refuse('message is empty');
  const text = payload.toString('utf8');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return refuse(`not JSON: ${(err as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return refuse(`JSON is ${Array.isArray(value) ? 'an array' : value === null ? 'null' : `a ${typeof value}`}, not an object`);
  }
  // JSON refuses a raw control character in a text, and UTF-8 decoding turns broken sequences into U+FFFD:
  // a NUL or a lone surrogate can only come from a `\u` escape, so without one only the nesting is checked.
  const unstorable = storable(value, 0, text.includes('\\u'));
  return unstorable ? refuse(unstorable) : { ok: true, value: value as Record<string, unknown> };
}

/** Deepest nesting a message may have; nothing the console reads goes near it. */
export const MAX_DEPTH = 32;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** A text the database could not store: a NUL character or a lone surrogate (null when fine). */
function unstorableText(v: string): string | null {
  if (v.includes('\u0000')) return 'a text holds a NUL character, which the database cannot store';
  return LONE_SURROGATE.test(v) ? 'a text holds a lone UTF-16 surrogate (not valid Unicode)' : null;
}

/**
 * What the database could not store: too deep a nesting, and when `texts` a NUL character or a lone
 * surrogate in a key or value (null when fine). Walks without allocating: it runs on every message.
 */
function storable(v: unknown, depth: number, texts: boolean): string | null {
  if (typeof v === 'string') return texts ? unstorableText(v) : null;
  if (typeof v !== 'object' || v === null) return null;
  if (depth >= MAX_DEPTH) return `JSON nests deeper than ${MAX_DEPTH} levels`;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const bad = storable(v[i], depth + 1, texts);
      if (bad) return bad;
    }
    return null;
  }
  const o = v as Record<string, unknown>;
  for (const k in o) {
    const bad = (texts ? unstorableText(k) : null) ?? storable(o[k], depth + 1, texts);
    if (bad) return bad;
  }
  return null;
}

/** Longest manufacturer, serial number or sensor id the database keeps. */
export const MAX_ID_LENGTH = 200;
const tooLong = (what: string, v: string) => (v.length > MAX_ID_LENGTH ? `${what} is ${v.length} characters, more than ${MAX_ID_LENGTH}` : null);

export function checkTimestamp(ts: unknown, now: Date, field = 'timestamp'): string | null {
  const t = typeof ts === 'string' ? Date.parse(ts) : NaN;
  if (Number.isNaN(t)) return `${field} ${JSON.stringify(ts)} is not a date`;
  if (t - now.getTime() > MAX_FUTURE_MS) return `${field} ${ts} is more than 5 minutes in the future`;
  return null;
}

/** `{interface}/v2/{manufacturer}/{serialNumber}/{topic}`; null when the topic is not shaped so. */
export function vdaTopic(topic: string): { manufacturer: string; serialNumber: string; subtopic: string } | null {
  const parts = topic.split('/');
  if (parts.length !== 5 || parts[1] !== 'v2') return null;
  return { manufacturer: parts[2]!, serialNumber: parts[3]!, subtopic: parts[4]! };
}

const FACTSHEET_SECTIONS = ['typeSpecification', 'physicalParameters', 'protocolLimits', 'protocolFeatures', 'agvGeometry', 'loadSpecification'];

interface AgvPositionLike { x: number; y: number; theta: number; mapId: string }

/**
 * A VDA 5050 message after the library's schema check (`validate` throws its
 * TypeError): header matches topic, not stamped in the future, position on a known
 * map within reach of it, battery in range.
 */
export function inspectVda(
  topic: string, payload: Buffer, ctx: { maxBytes: number; now: Date; places: KnownPlaces; validate(subtopic: string, obj: object): void },
): Verdict<Record<string, unknown>> {
  const where = vdaTopic(topic);
  if (!where) return refuse('topic is not {interface}/v2/{manufacturer}/{serialNumber}/{topic}');
  const long = tooLong('the manufacturer in the topic', where.manufacturer) ?? tooLong('the serial number in the topic', where.serialNumber);
  if (long) return refuse(long);
  const decoded = decode(payload, ctx.maxBytes);
  if (!decoded.ok) return decoded;
  const obj = decoded.value;
  const version = typeof obj.version === 'string' ? obj.version : '';
  const major = /^(\d+)\.\d+\.\d+/.exec(version)?.[1];
  if (major !== '2') return refuse(`speaks VDA 5050 ${version ? `version ${version.slice(0, 20)}` : 'without a version'}; Watchfloor speaks 2.x (major version 2)`);
  try {
    // A later 2.x minor version is read as 2.0.0: minor versions only add optional fields.
    ctx.validate(where.subtopic, version === '2.0.0' ? obj : { ...obj, version: '2.0.0' });
  } catch (err) {
    return refuse(`fails the VDA 5050 2.0.0 ${where.subtopic} schema: ${(err as Error).message}`);
  }
  // The library's factsheet check requires none of the sections the standard's schema requires.
  const missing = where.subtopic === 'factsheet' ? FACTSHEET_SECTIONS.filter((k) => typeof obj[k] !== 'object' || obj[k] === null) : [];
  if (missing.length) return refuse(`factsheet lacks ${missing.join(', ')}`);
  if (obj.manufacturer !== where.manufacturer || obj.serialNumber !== where.serialNumber) {
    return refuse(`header names ${String(obj.manufacturer)}/${String(obj.serialNumber)} but the topic ${where.manufacturer}/${where.serialNumber}`);
  }
  const late = checkTimestamp(obj.timestamp, ctx.now);
  if (late) return refuse(late);
  const pos = obj.agvPosition as AgvPositionLike | undefined;
  if (pos) {
    const map = ctx.places.map(pos.mapId);
    if (!map && !ctx.places.acceptUnknownMaps) return refuse(`position is on map '${pos.mapId}', which no site knows`);
    const b = map?.bounds;
    if (b && (pos.x < b.minX - MAP_MARGIN_M || pos.x > b.maxX + MAP_MARGIN_M || pos.y < b.minY - MAP_MARGIN_M || pos.y > b.maxY + MAP_MARGIN_M)) {
      return refuse(`position x=${pos.x} y=${pos.y} is more than ${MAP_MARGIN_M} m outside map '${pos.mapId}'`);
    }
  }
  const battery = (obj.batteryState as { batteryCharge?: number } | undefined)?.batteryCharge;
  if (battery !== undefined && (battery < 0 || battery > 100)) return refuse(`batteryCharge ${battery} is outside 0–100`);
  return { ok: true, value: obj };
}

export interface SensorMessage { siteId: string; sensorKey: string; reading: SensorReading }

/** `watchfloor/v1/{site}/sensors/{sensorId}/reading` with a SensorReading body. */
export function inspectSensor(
  topic: string, payload: Buffer, ctx: { maxBytes: number; now: Date; places: KnownPlaces },
): Verdict<SensorMessage> {
  const [root, version, slug, kind, sensorKey, leaf, ...rest] = topic.split('/');
  if (root !== 'watchfloor' || version !== 'v1' || kind !== 'sensors' || leaf !== 'reading' || rest.length || !sensorKey) {
    return refuse('topic is not watchfloor/v1/{site}/sensors/{sensorId}/reading');
  }
  const long = tooLong('the sensor id in the topic', sensorKey);
  if (long) return refuse(long);
  const siteId = ctx.places.siteBySlug(slug!);
  if (!siteId) return refuse(`site '${slug}' is not known`);
  const decoded = decode(payload, ctx.maxBytes);
  if (!decoded.ok) return decoded;
  const parsed = SensorReading.safeParse(decoded.value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return refuse(`fails the reading schema: ${issue.path.join('.') || 'body'}: ${issue.message}`);
  }
  const late = checkTimestamp(parsed.data.ts, ctx.now, 'ts');
  if (late) return refuse(late);
  return { ok: true, value: { siteId, sensorKey, reading: parsed.data } };
}

/** What the quarantine keeps of a refused message: text up to the cap, NULs escaped. */
/** What a retained copy is known by in the quarantine: SHA-256 of topic, a NUL and payload, as hex. */
export const retainedDigest = (topic: string, payload: Buffer) => createHash('sha256').update(topic).update('\0').update(payload).digest('hex');

export function quarantined(topic: string, payload: Buffer, reason: string, maxBytes: number, receivedAt: Date) {
  const truncated = payload.length > maxBytes;
  const text = payload.subarray(0, maxBytes).toString('utf8').replaceAll('\u0000', '\\u0000');
  return { receivedAt: receivedAt.toISOString(), topic: topic.slice(0, 1000), reason, payload: text, payloadBytes: payload.length, truncated };
}
/**
 * A refused message as kept, with its sender and kind of reason where ingest sampled it, and
 * for the broker's retained copy its digest (hex), so that copy is kept once (see Fleet.quarantine).
 */
export type QuarantineRow = ReturnType<typeof quarantined> & { source?: string; reasonClass?: string; retainedDigest?: string };
