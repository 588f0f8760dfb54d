// Open311 GeoReport v2 requests, checked record by record so each refusal names its record
// (`requests[3] (id '638344'): …`), and our rows written back as the source wrote them:
// each datetime with its offset, empty text as empty, numbers as numbers, absent as absent.
import type { Open311Request } from '../contract/index.js';

/** How the source wrote what our typed columns cannot tell apart (city.service_requests.open311). */
export interface Written {
  /** Each datetime as written, with its offset. */
  times?: Partial<Record<TimeField, string>>;
  /** Fields written as JSON numbers (service_request_id 638344, zipcode 94122). */
  numbers?: string[];
  /** Optional fields the record left out altogether. */
  absent?: string[];
  /** The description was null (the column holds ''). */
  descriptionNull?: boolean;
  /** media_url was '' (no attachment to hold it). */
  mediaEmpty?: boolean;
  /** service_name as the source wrote it (ours may be worded differently). */
  serviceName?: string;
}
type TimeField = 'requested_datetime' | 'updated_datetime' | 'expected_datetime';

export interface ParsedRequest {
  externalId: string; status: 'open' | 'closed'; statusNotes: string | null; serviceCode: string; description: string;
  agency: string | null; serviceNotice: string | null; requestedAt: Date; updatedAt: Date | null; expectedAt: Date | null;
  address: string | null; addressId: string | null; zipcode: string | null; lat: number | null; lon: number | null;
  mediaUrl: string | null; written: Written;
  /** Read from XML, where an empty element may stand for null (see open311-blanks.ts). */
  fromXml?: boolean;
}

export interface Checked<T> { index: number; key: string; value: T | null; reason: string | null }

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;
export const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const blank = (v: unknown) => v === undefined || v === null || v === '';

/** The optional request fields, in the specification's order. */
const OPTIONAL = ['status_notes', 'service_name', 'description', 'agency_responsible', 'service_notice', 'updated_datetime', 'expected_datetime',
  'address', 'address_id', 'zipcode', 'lat', 'long', 'media_url'] as const;

/** Reads fields of one record, noting what is wrong with them in `bad` and how numbers were written in `numbers`. */
export function reader(rec: Record<string, unknown>, bad: string[], numbers: string[] = []) {
  const text = (k: string, max: number): string | null => {
    const v = rec[k];
    if (v === undefined || v === null) return null;
    if (typeof v === 'number' && Number.isFinite(v)) return (numbers.push(k), String(v));
    if (typeof v !== 'string') return (bad.push(`${k} is not text`), null);
    if (v.length > max) return (bad.push(`${k} is longer than ${max} characters`), null);
    // PostgreSQL text cannot hold a NUL character.
    if (v.includes('\u0000')) return (bad.push(`${k} holds a NUL character`), null);
    return v;
  };
  const time = (k: TimeField, required: boolean): Date | null => {
    const v = rec[k];
    if (blank(v)) return (required && bad.push(`missing ${k}`), null);
    if (typeof v !== 'string' || !ISO.test(v) || Number.isNaN(Date.parse(v))) return (bad.push(`${k} '${String(v)}' is not an ISO 8601 date and time with a zone`), null);
    return new Date(v);
  };
  const coord = (k: string, limit: number): number | null => {
    const v = rec[k];
    if (blank(v)) return null;
    const n = typeof v === 'number' ? v : typeof v === 'string' ? Number(v) : NaN;
    if (!Number.isFinite(n) || Math.abs(n) > limit) return (bad.push(`${k} '${String(v)}' is not a coordinate between -${limit} and ${limit}`), null);
    return n;
  };
  return { text, time, coord };
}

/** Only http and https links are kept: a javascript: or file: URL would run or read something when clicked. */
export function mediaProblem(url: string): string | null {
  let u: URL;
  try {
    u = new URL(url.trim());
  } catch {
    return `media_url '${url}' is not a URL`;
  }
  return u.protocol === 'http:' || u.protocol === 'https:' ? null : `media_url '${url.slice(0, 100)}' is not an http or https link (${u.protocol} links are refused)`;
}

function checkRequest(rec: Record<string, unknown>, codes: ReadonlySet<string>, bad: string[]): ParsedRequest | null {
  const numbers: string[] = [];
  const { text, time, coord } = reader(rec, bad, numbers);
  const externalId = (text('service_request_id', 100) ?? '').trim();
  if (!externalId) bad.push('missing service_request_id');
  const code = text('service_code', 64);
  if (!code) bad.push('missing service_code');
  else if (!codes.has(code)) bad.push(`unknown service_code '${code}' (known: ${[...codes].sort().join(', ') || 'none'})`);
  const status = rec.status;
  if (status !== 'open' && status !== 'closed') bad.push(status === undefined ? 'missing status' : `status '${String(status)}' is not open or closed`);
  const lat = coord('lat', 90), lon = coord('long', 180);
  if ((lat === null) !== (lon === null) && !bad.some((b) => /^(lat|long) '/.test(b))) bad.push(lat === null ? 'long without lat' : 'lat without long');
  const requestedAt = time('requested_datetime', true), updatedAt = time('updated_datetime', false), expectedAt = time('expected_datetime', false);
  const mediaUrl = text('media_url', 2000);
  const media = mediaUrl ? mediaProblem(mediaUrl) : null;
  if (media) bad.push(media);
  const description = text('description', 10_000);
  const fields = {
    statusNotes: text('status_notes', 5000), agency: text('agency_responsible', 200), serviceNotice: text('service_notice', 2000),
    address: text('address', 500), addressId: text('address_id', 200), zipcode: text('zipcode', 50),
  };
  const serviceName = text('service_name', 200);
  if (bad.length) return null;
  const times: Written['times'] = {};
  for (const k of ['requested_datetime', 'updated_datetime', 'expected_datetime'] as const) if (typeof rec[k] === 'string' && rec[k]) times[k] = rec[k] as string;
  const absent = OPTIONAL.filter((k) => !(k in rec));
  const written: Written = {
    times, ...(numbers.length ? { numbers } : {}), ...(absent.length ? { absent } : {}),
    ...(description === null ? { descriptionNull: true } : {}), ...(mediaUrl === '' ? { mediaEmpty: true } : {}),
    ...(serviceName !== null ? { serviceName } : {}),
  };
  return {
    externalId, status: status as 'open' | 'closed', serviceCode: code!, description: description ?? '', lat: lon === null ? null : lat, lon: lat === null ? null : lon,
    requestedAt: requestedAt!, updatedAt, expectedAt, mediaUrl: mediaUrl || null, written, ...fields,
  };
}

/** Checks records[from, to); `seen` carries the ids met so far, so a long list can be checked a slice at a time. */
export function checkRequests(records: unknown[], codes: ReadonlySet<string>, from = 0, to = records.length, seen = new Set<string>()): Checked<ParsedRequest>[] {
  return records.slice(from, to).map((rec, i) => {
    const index = from + i;
    if (!isObject(rec)) return { index, key: '', value: null, reason: 'not an object' };
    const bad: string[] = [];
    const value = checkRequest(rec, codes, bad);
    const key = value?.externalId ?? (typeof rec.service_request_id === 'string' || typeof rec.service_request_id === 'number' ? String(rec.service_request_id).trim() : '');
    if (key && seen.has(key)) bad.unshift(`service_request_id '${key}' appears twice`);
    if (key) seen.add(key);
    return bad.length ? { index, key, value: null, reason: bad.join('; ') } : { index, key, value, reason: null };
  });
}

/** "requests[3] (id '638344'): missing lat; …". */
export const refusalLine = (kind: string, c: Pick<Checked<unknown>, 'index' | 'key' | 'reason'>) => `${kind}[${c.index}]${c.key ? ` (${kind === 'requests' ? `id '${c.key}'` : c.key})` : ''}: ${c.reason}`;

/** Open311 times: ISO 8601 in UTC, milliseconds only when there are any. */
export const open311Time = (d: Date) => d.toISOString().replace('.000Z', 'Z');

export interface ExportRow {
  external_id: string | null; id: string; status: 'open' | 'in_progress' | 'closed'; status_notes: string | null; service_name: string; category: string;
  description: string; agency_responsible: string | null; service_notice: string | null; requested_at: Date; updated_at: Date; expected_at: Date | null;
  address: string | null; address_id: string | null; zipcode: string | null; lat: number | null; lon: number | null; media_url: string | null; open311: Written;
}

export function toOpen311Request(r: ExportRow): Open311Request {
  const w = r.open311 ?? {};
  // A written time is handed back while it is still the same instant; after a change here, ours (UTC).
  const time = (k: TimeField, d: Date | null) => (d === null ? null : w.times?.[k] && Date.parse(w.times[k]) === d.getTime() ? w.times[k] : open311Time(d));
  const num = (k: string, v: string | null) => (v !== null && w.numbers?.includes(k) && String(Number(v)) === v ? Number(v) : v);
  const out: Open311Request = {
    service_request_id: r.external_id === null ? r.id : num('service_request_id', r.external_id)!, status: r.status === 'closed' ? 'closed' : 'open',
    status_notes: r.status_notes, service_name: w.serviceName ?? r.service_name, service_code: r.category,
    description: r.description === '' && w.descriptionNull ? null : r.description,
    agency_responsible: r.agency_responsible, service_notice: r.service_notice, requested_datetime: time('requested_datetime', r.requested_at)!,
    updated_datetime: time('updated_datetime', r.updated_at), expected_datetime: time('expected_datetime', r.expected_at),
    address: r.address, address_id: num('address_id', r.address_id), zipcode: num('zipcode', r.zipcode), lat: r.lat, long: r.lon,
    media_url: r.media_url ?? (w.mediaEmpty ? '' : null),
  };
  // A field the source left out stays out while we have nothing for it.
  for (const k of w.absent ?? []) if ((out as unknown as Record<string, unknown>)[k] === null) delete (out as unknown as Record<string, unknown>)[k];
  return out;
}

/** A media URL as attachment metadata: the name from its path, the type from its extension. */
export function mediaAttachment(url: string): { name: string; mimeType: string; bytes: number; url: string } {
  const last = new URL(url.trim()).pathname.split('/').pop() || 'media';
  let name = last;
  try {
    name = decodeURIComponent(last);
  } catch {
    // A malformed escape (a%E0%A4%A.jpg) stays as written.
  }
  const ext = name.split('.').pop()?.toLowerCase();
  const types: Record<string, string> = { jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png', gif: 'image/gif', webp: 'image/webp', mp4: 'video/mp4', pdf: 'application/pdf' };
  return { name, mimeType: types[ext ?? ''] ?? 'application/octet-stream', bytes: 0, url };
}
