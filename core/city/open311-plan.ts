// What an Open311 import would do, before anything is written: the files read, each
// record checked, and each request's location judged (0,0, or too far from the site).
import type { Queryable } from '../../db/index.js';
import { haversineM } from '../contract/area.js';
import type { Open311Definition, Open311ImportInput, Open311Preview } from '../contract/index.js';
import { DomainError } from '../errors.js';
import { checkRequests, type Checked, type ParsedRequest } from './open311-format.js';
import { readOpen311File, type Open311FileKind } from './open311-read.js';
import { checkDefinitions, checkServices, type ParsedService } from './open311-services.js';

const CHECK_SLICE = 1000;

export type CheckedRequest = Checked<ParsedRequest> & { suspect: string | null };
export interface Plan {
  files: Open311Preview['files'];
  services: Checked<ParsedService>[];
  definitions: Checked<Open311Definition>[];
  requests: CheckedRequest[];
}

/** Why a point looks wrong, or null: exactly 0,0 is a missing location written as zeros. */
export function suspectLocation(p: { lat: number | null; lon: number | null }, site: { lat: number; lon: number }, radiusKm: number): string | null {
  if (p.lat === null || p.lon === null) return null;
  if (p.lat === 0 && p.lon === 0) return 'at exactly 0,0 (a missing location written as zeros?)';
  const km = haversineM(site, { lat: p.lat, lon: p.lon }) / 1000;
  return km > radiusKm ? `${Math.round(km).toLocaleString('en')} km from the site (more than ${radiusKm} km)` : null;
}

/**
 * The services and definitions of an import checked, and the service codes its requests may
 * name: the site's own and those the import brings. `xml`: records read from XML (text values).
 */
export async function checkServicesOf(tx: Queryable, siteId: string, lists: { services: unknown[]; definitions: unknown[] }, xml: WeakSet<object>) {
  const services = checkServices(lists.services);
  for (const c of services) if (c.value) c.value.fromXml = xml.has(lists.services[c.index] as object);
  const known = await tx.query<{ service_code: string }>('SELECT service_code FROM city.services WHERE site_id = $1 AND deleted_at IS NULL', [siteId]);
  const codes = new Set([...known.map((k) => k.service_code), ...services.flatMap((s) => (s.value ? [s.value.code] : []))]);
  return { services, definitions: checkDefinitions(lists.definitions, codes), codes };
}

export async function planImport(tx: Queryable, input: Required<Open311ImportInput>, radiusKm: number): Promise<Plan> {
  const [site] = await tx.query<{ lat: number; lon: number }>('SELECT lat, lon FROM org.sites WHERE id = $1', [input.siteId]);
  if (!site) throw new DomainError('not_found', { code: 'org.noSuchSite' });
  const lists: Record<Open311FileKind, unknown[]> = { services: [...input.services], definitions: [...input.definitions], requests: [...input.requests] };
  const files: Plan['files'] = [];
  const unreadable: string[] = [];
  const xml = new WeakSet<object>();
  const fromXml = <T extends { fromXml?: boolean }>(records: unknown[], checked: Checked<T>[]) => {
    for (const c of checked) if (c.value) c.value.fromXml = xml.has(records[c.index] as object);
    return checked;
  };
  for (const f of input.files) {
    const read = readOpen311File(f.name, f.text);
    if ('error' in read) {
      unreadable.push(read.error);
      continue;
    }
    for (const part of read.parts) {
      lists[part.kind].push(...part.records);
      if (read.format === 'xml') for (const r of part.records) xml.add(r as object);
      files.push({ name: f.name, format: read.format, kind: part.kind, records: part.records.length });
    }
  }
  // A file that cannot be read has no records to show: the import stops there, saying why.
  if (unreadable.length) throw new DomainError('invalid', { code: 'city.nothingImported', params: { problems: unreadable.join(' ') } });
  const { services, definitions, codes } = await checkServicesOf(tx, input.siteId, lists, xml);
  // A slice at a time, letting other work (ingest) run in between: 100,000 records take seconds.
  const checked: Checked<ParsedRequest>[] = [];
  const seen = new Set<string>();
  for (let from = 0; from < lists.requests.length; from += CHECK_SLICE) {
    checked.push(...checkRequests(lists.requests, codes, from, from + CHECK_SLICE, seen));
    if (lists.requests.length > CHECK_SLICE) await new Promise((r) => setImmediate(r));
  }
  const requests = fromXml(lists.requests, checked).map((r) => ({ ...r, suspect: r.value ? suspectLocation(r.value, site, radiusKm) : null }));
  return { files, services, definitions, requests };
}
