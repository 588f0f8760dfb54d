// Open311 services and service definitions (their attributes), checked record by record,
// and written back as read: keywords as written, metadata, attributes in the
// specification's field order, option keys as numbers or text as they came.
import type { Open311Attribute, Open311Definition, Open311Service } from '../contract/index.js';
import { isObject, reader, type Checked } from './open311-format.js';

export interface ParsedService {
  code: string; name: string; description: string | null; group: string | null; keywords: string[]; keywordsText: string | null;
  type: Open311Service['type']; metadata: boolean;
  /** Read from XML, where an empty element may stand for null (see open311-blanks.ts). */
  fromXml?: boolean;
}

const CODE = /^[A-Za-z0-9._-]{1,64}$/;
const DATATYPES = ['string', 'number', 'datetime', 'text', 'singlevaluelist', 'multivaluelist'] as const;

/** true/false as JSON or as XML text. */
function flag(v: unknown, name: string, bad: string[], fallback?: boolean): boolean {
  if (v === true || v === 'true') return true;
  if (v === false || v === 'false') return false;
  if ((v === undefined || v === null || v === '') && fallback !== undefined) return fallback;
  bad.push(`${name} '${String(v)}' is not true or false`);
  return false;
}

function code(rec: Record<string, unknown>, bad: string[]): string | null {
  const v = rec.service_code;
  if (v === undefined || v === null || v === '') return (bad.push('missing service_code'), null);
  const c = typeof v === 'number' ? String(v) : v;
  if (typeof c !== 'string' || !CODE.test(c)) return (bad.push(`service_code '${String(v)}' may hold 1–64 letters, digits, dots, dashes or underscores only`), null);
  return c;
}

export function checkServices(records: unknown[]): Checked<ParsedService>[] {
  const seen = new Set<string>();
  return records.map((rec, index) => {
    if (!isObject(rec)) return { index, key: '', value: null, reason: 'not an object' };
    const bad: string[] = [];
    const { text } = reader(rec, bad);
    const c = code(rec, bad);
    if (c && seen.has(c)) bad.unshift(`service_code '${c}' appears twice`);
    if (c) seen.add(c);
    const name = text('service_name', 200);
    if (!name?.trim()) bad.push('missing service_name');
    const type = rec.type === undefined || rec.type === null || rec.type === '' ? 'realtime' : rec.type;
    if (type !== 'realtime' && type !== 'batch' && type !== 'blackbox') bad.push(`type '${String(type)}' is not realtime, batch or blackbox`);
    const metadata = flag(rec.metadata, 'metadata', bad, false);
    const kw = rec.keywords;
    const keywordsText = Array.isArray(kw) ? null : text('keywords', 2000);
    const keywords = Array.isArray(kw) ? kw.map(String) : (keywordsText ?? '').split(',').map((k) => k.trim()).filter(Boolean);
    if (keywords.some((k) => k.includes('\u0000'))) bad.push('keywords holds a NUL character');
    const description = text('description', 10_000), group = text('group', 200);
    const raw = typeof rec.service_code === 'string' || typeof rec.service_code === 'number' ? String(rec.service_code) : '';
    if (bad.length) return { index, key: c ?? raw, value: null, reason: bad.join('; ') };
    return { index, key: c!, reason: null, value: { code: c!, name: name!, description, group, keywords, keywordsText, type: type as ParsedService['type'], metadata } };
  });
}

export function toOpen311Service(s: ParsedService): Open311Service {
  return {
    service_code: s.code, service_name: s.name, description: s.description, metadata: s.metadata, type: s.type,
    keywords: s.keywordsText ?? (s.keywords.length ? s.keywords.join(',') : null), group: s.group,
  };
}

/** One attribute in the specification's field order (so stored and read ones compare as text). */
function attribute(a: unknown, i: number, bad: string[]): Open311Attribute | null {
  if (!isObject(a)) return (bad.push(`attributes[${i}] is not an object`), null);
  const own: string[] = [];
  const { text } = reader(a, own);
  const c = text('code', 100);
  if (!c) own.push('missing code');
  const datatype = a.datatype as Open311Attribute['datatype'];
  if (!DATATYPES.includes(datatype)) own.push(`datatype '${String(a.datatype)}' is not one of ${DATATYPES.join(', ')}`);
  const order = typeof a.order === 'number' ? a.order : Number(a.order);
  if (!Number.isInteger(order) || order < 1) own.push(`order '${String(a.order)}' is not a positive whole number`);
  const out: Open311Attribute = {
    variable: flag(a.variable, 'variable', own), code: c ?? '', datatype, required: flag(a.required, 'required', own),
    datatype_description: text('datatype_description', 2000), order, description: text('description', 2000) ?? '',
  };
  if ('values' in a) {
    const values = a.values === '' || a.values === null ? [] : a.values;
    if (!Array.isArray(values)) own.push('values is not a list');
    else out.values = values.map((v, j) => {
      const key = isObject(v) && (typeof v.key === 'string' || typeof v.key === 'number') ? v.key : null;
      const name = isObject(v) && typeof v.name === 'string' && !v.name.includes('\u0000') && !String(v.key).includes('\u0000') ? v.name : null;
      if (key === null || name === null) own.push(`values[${j}] needs a key and a name`);
      return { key: key ?? '', name: name ?? '' };
    });
  }
  if (own.length) return (bad.push(`attributes[${i}]${c ? ` (${c})` : ''}: ${own.join(', ')}`), null);
  return out;
}

/** Definitions for services known here or in the same import. */
export function checkDefinitions(records: unknown[], codes: ReadonlySet<string>): Checked<Open311Definition>[] {
  const seen = new Set<string>();
  return records.map((rec, index) => {
    if (!isObject(rec)) return { index, key: '', value: null, reason: 'not an object' };
    const bad: string[] = [];
    const c = code(rec, bad);
    if (c && !codes.has(c)) bad.push(`no service '${c}' here or in this import (import its services list with it)`);
    if (c && seen.has(c)) bad.unshift(`service_code '${c}' appears twice`);
    if (c) seen.add(c);
    const list = rec.attributes;
    if (!Array.isArray(list)) bad.push('attributes is not a list');
    const attributes = Array.isArray(list) ? list.map((a, i) => attribute(a, i, bad)) : [];
    if (bad.length) return { index, key: c ?? '', value: null, reason: bad.join('; ') };
    return { index, key: c!, reason: null, value: { service_code: c!, attributes: attributes as Open311Attribute[] } };
  });
}

/** Stored attributes (jsonb reorders keys) in the specification's order again. */
export function storedAttributes(list: unknown[]): Open311Attribute[] {
  const bad: string[] = [];
  return list.map((a, i) => attribute(a, i, bad)).filter((a): a is Open311Attribute => a !== null);
}
