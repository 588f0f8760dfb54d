// Open311 GeoReport v2 JSON, checked record by record so a refusal names every bad one
// (`requests[3] (id '638344'): …`), and our rows written back in the same format.
import type { Open311Request, Open311Service } from '../contract/index.js';

export interface ParsedService { code: string; name: string; description: string | null; group: string | null; keywords: string[]; type: Open311Service['type'] }
export interface ParsedRequest {
  externalId: string; status: 'open' | 'closed'; statusNotes: string | null; serviceCode: string; description: string;
  agency: string | null; serviceNotice: string | null; requestedAt: Date; updatedAt: Date | null; expectedAt: Date | null;
  address: string | null; lat: number; lon: number; mediaUrl: string | null;
}

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;
const CODE = /^[A-Za-z0-9._-]{1,64}$/;
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Reads optional text fields, noting what is wrong with them in `bad`. */
function reader(rec: Record<string, unknown>, bad: string[]) {
  const text = (k: string, max: number): string | null => {
    const v = rec[k];
    if (v === undefined || v === null) return null;
    if (typeof v !== 'string') return (bad.push(`${k} is not text`), null);
    if (v.length > max) return (bad.push(`${k} is longer than ${max} characters`), null);
    return v;
  };
  const time = (k: string, required: boolean): Date | null => {
    const v = rec[k];
    if (v === undefined || v === null || v === '') return (required && bad.push(`missing ${k}`), null);
    if (typeof v !== 'string' || !ISO.test(v) || Number.isNaN(Date.parse(v))) return (bad.push(`${k} '${String(v)}' is not an ISO 8601 date and time with a zone`), null);
    return new Date(v);
  };
  const coord = (k: string, limit: number): number => {
    const v = rec[k];
    if (v === undefined || v === null || v === '') return (bad.push(`missing ${k} (a request needs a location)`), NaN);
    const n = typeof v === 'number' ? v : typeof v === 'string' ? Number(v) : NaN;
    if (!Number.isFinite(n) || Math.abs(n) > limit) return (bad.push(`${k} '${String(v)}' is not a coordinate between -${limit} and ${limit}`), NaN);
    return n;
  };
  return { text, time, coord };
}

export function checkServices(records: unknown[]): { services: ParsedService[]; errors: string[] } {
  const services: ParsedService[] = [], errors: string[] = [], seen = new Set<string>();
  records.forEach((rec, i) => {
    if (!isObject(rec)) return void errors.push(`services[${i}]: not an object`);
    const bad: string[] = [];
    const { text } = reader(rec, bad);
    const code = rec.service_code;
    if (code === undefined || code === null || code === '') bad.push('missing service_code');
    else if (typeof code !== 'string' || !CODE.test(code)) bad.push(`service_code '${String(code)}' may hold 1–64 letters, digits, dots, dashes or underscores only`);
    else if (seen.has(code)) bad.push(`service_code '${code}' appears twice`);
    const name = text('service_name', 200);
    if (!name?.trim()) bad.push('missing service_name');
    const type = rec.type ?? 'realtime';
    if (type !== 'realtime' && type !== 'batch' && type !== 'blackbox') bad.push(`type '${String(type)}' is not realtime, batch or blackbox`);
    const kw = rec.keywords;
    const keywords = Array.isArray(kw) ? kw.map(String) : typeof kw === 'string' && kw ? kw.split(',').map((k) => k.trim()).filter(Boolean) : [];
    const description = text('description', 10_000), group = text('group', 200);
    if (bad.length) return void errors.push(`services[${i}]${typeof code === 'string' ? ` (${code})` : ''}: ${bad.join('; ')}`);
    seen.add(code as string);
    services.push({ code: code as string, name: name!, description, group, keywords, type: type as ParsedService['type'] });
  });
  return { services, errors };
}

export function checkRequests(records: unknown[], codes: ReadonlySet<string>): { requests: ParsedRequest[]; errors: string[] } {
  const requests: ParsedRequest[] = [], errors: string[] = [], seen = new Set<string>();
  records.forEach((rec, i) => {
    if (!isObject(rec)) return void errors.push(`requests[${i}]: not an object`);
    const bad: string[] = [];
    const { text, time, coord } = reader(rec, bad);
    const rawId = rec.service_request_id;
    const externalId = typeof rawId === 'number' ? String(rawId) : typeof rawId === 'string' ? rawId.trim() : '';
    if (!externalId) bad.push('missing service_request_id');
    else if (externalId.length > 100) bad.push('service_request_id is longer than 100 characters');
    else if (seen.has(externalId)) bad.push(`service_request_id '${externalId}' appears twice`);
    const code = rec.service_code;
    if (code === undefined || code === null || code === '') bad.push('missing service_code');
    else if (typeof code !== 'string' || !codes.has(code)) bad.push(`unknown service_code '${String(code)}' (known: ${[...codes].sort().join(', ') || 'none'})`);
    const status = rec.status;
    if (status !== 'open' && status !== 'closed') bad.push(status === undefined ? 'missing status' : `status '${String(status)}' is not open or closed`);
    const lat = coord('lat', 90), lon = coord('long', 180);
    const requestedAt = time('requested_datetime', true), updatedAt = time('updated_datetime', false), expectedAt = time('expected_datetime', false);
    const mediaUrl = text('media_url', 2000);
    if (mediaUrl && !URL.canParse(mediaUrl)) bad.push(`media_url '${mediaUrl}' is not a URL`);
    const fields = {
      statusNotes: text('status_notes', 5000), description: text('description', 10_000) ?? '', agency: text('agency_responsible', 200),
      serviceNotice: text('service_notice', 2000), address: text('address', 500),
    };
    if (bad.length) return void errors.push(`requests[${i}]${externalId ? ` (id '${externalId}')` : ''}: ${bad.join('; ')}`);
    seen.add(externalId);
    requests.push({ externalId, status: status as 'open' | 'closed', serviceCode: code as string, lat, lon, requestedAt: requestedAt!, updatedAt, expectedAt, mediaUrl, ...fields });
  });
  return { requests, errors };
}

/** Open311 times: ISO 8601 in UTC, milliseconds only when there are any. */
export const open311Time = (d: Date) => d.toISOString().replace('.000Z', 'Z');

export interface ExportRow {
  external_id: string | null; id: string; status: 'open' | 'in_progress' | 'closed'; status_notes: string | null; service_name: string; category: string;
  description: string; agency_responsible: string | null; service_notice: string | null; requested_at: Date; updated_at: Date; expected_at: Date | null;
  address: string | null; lat: number; lon: number; media_url: string | null;
}

export function toOpen311Request(r: ExportRow): Open311Request {
  return {
    service_request_id: r.external_id ?? r.id, status: r.status === 'closed' ? 'closed' : 'open', status_notes: r.status_notes,
    service_name: r.service_name, service_code: r.category, description: r.description === '' ? null : r.description,
    agency_responsible: r.agency_responsible, service_notice: r.service_notice, requested_datetime: open311Time(r.requested_at),
    updated_datetime: open311Time(r.updated_at), expected_datetime: r.expected_at ? open311Time(r.expected_at) : null,
    address: r.address, lat: r.lat, long: r.lon, media_url: r.media_url,
  };
}

export function toOpen311Service(s: ParsedService): Open311Service {
  return { service_code: s.code, service_name: s.name, description: s.description, metadata: false, type: s.type, keywords: s.keywords.join(','), group: s.group };
}

/** A media URL as attachment metadata: the name from its path, the type from its extension. */
export function mediaAttachment(url: string): { name: string; mimeType: string; bytes: number; url: string } {
  const name = decodeURIComponent(new URL(url).pathname.split('/').pop() || 'media');
  const ext = name.split('.').pop()?.toLowerCase();
  const types: Record<string, string> = { jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png', gif: 'image/gif', webp: 'image/webp', mp4: 'video/mp4', pdf: 'application/pdf' };
  return { name, mimeType: types[ext ?? ''] ?? 'application/octet-stream', bytes: 0, url };
}
