// Reading a GeoReport v2 file, JSON or XML, into lists of records. What a file holds is
// read from its content (the XML root element, or the JSON shape), never from its name.
// XML values stay text ("001" keeps its zeros); the record checks read them.
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { Open311Format } from '../contract/index.js';

export type Open311FileKind = 'services' | 'definitions' | 'requests';
export interface FilePart { kind: Open311FileKind; records: unknown[] }
export interface ReadFile { name: string; format: Open311Format; parts: FilePart[] }

/** Elements that are lists even when a file has one of them. */
const LISTS = new Set([
  'services.service', 'service_requests.request', 'service_definitions.service_definition',
  'service_definition.attributes.attribute', 'service_definition.attributes.attribute.values.value',
  'service_definitions.service_definition.attributes.attribute', 'service_definitions.service_definition.attributes.attribute.values.value',
]);

const parser = new XMLParser({
  ignoreAttributes: true, parseTagValue: false, trimValues: true, processEntities: true, ignoreDeclaration: true, ignorePiTags: true,
  isArray: (_name, path) => LISTS.has(String(path)),
});

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** XML nests lists one level deeper (`<attributes><attribute>…`); JSON does not. */
function unwrap(v: unknown, child: string): unknown {
  if (v === '') return [];
  return isObject(v) && child in v ? v[child] : v;
}

export function definitionFromXml(d: unknown): unknown {
  if (!isObject(d)) return d;
  const attributes = unwrap(d.attributes, 'attribute');
  return {
    ...d,
    attributes: Array.isArray(attributes)
      ? attributes.map((a) => (isObject(a) && 'values' in a ? { ...a, values: unwrap(a.values, 'value') } : a))
      : attributes,
  };
}

function readXml(name: string, text: string): ReadFile | { error: string } {
  const valid = XMLValidator.validate(text);
  if (valid !== true) return { error: `${name} is not well-formed XML (line ${valid.err.line}, column ${valid.err.col}: ${valid.err.msg}).` };
  let doc: Record<string, unknown>;
  try {
    doc = parser.parse(text) as Record<string, unknown>;
  } catch (err) {
    // The parser refuses what it will not do (external entities, say) by throwing.
    return { error: `${name} could not be read as XML: ${(err as Error).message}.` };
  }
  const root = Object.keys(doc)[0];
  const body = root ? doc[root] : undefined;
  const list = (child: string) => (isObject(body) && Array.isArray(body[child]) ? (body[child] as unknown[]) : []);
  if (root === 'services') return { name, format: 'xml', parts: [{ kind: 'services', records: list('service') }] };
  if (root === 'service_requests') return { name, format: 'xml', parts: [{ kind: 'requests', records: list('request') }] };
  if (root === 'service_definition') return { name, format: 'xml', parts: [{ kind: 'definitions', records: [definitionFromXml(body)] }] };
  if (root === 'service_definitions') return { name, format: 'xml', parts: [{ kind: 'definitions', records: list('service_definition').map(definitionFromXml) }] };
  if (root === 'errors' || root === 'error') return { error: `${name} is an Open311 error response, not data: ${JSON.stringify(body).slice(0, 300)}` };
  return { error: `${name}: an Open311 XML file starts with <services>, <service_definition> or <service_requests>, not <${root ?? ''}>.` };
}

/** A JSON list's kind from its first record. */
export function kindOfList(list: unknown[]): Open311FileKind {
  const first = list.find(isObject) ?? {};
  if ('service_request_id' in first) return 'requests';
  if ('attributes' in first) return 'definitions';
  return 'services';
}

function readJson(name: string, text: string): ReadFile | { error: string } {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    return { error: `${name} is neither XML nor valid JSON (${(err as Error).message}).` };
  }
  if (Array.isArray(data)) return { name, format: 'json', parts: data.length ? [{ kind: kindOfList(data), records: data }] : [] };
  if (!isObject(data)) return { error: `${name} holds neither a list nor an object of Open311 records.` };
  if ('service_code' in data && 'attributes' in data) return { name, format: 'json', parts: [{ kind: 'definitions', records: [data] }] };
  const parts: FilePart[] = [];
  const add = (kind: Open311FileKind, key: string) => Array.isArray(data[key]) && parts.push({ kind, records: data[key] as unknown[] });
  add('services', 'services');
  add('definitions', 'definitions');
  add('definitions', 'service_definitions');
  add('requests', 'service_requests');
  add('requests', 'requests');
  if (!parts.length) return { error: `${name} has no Open311 list in it (services, service_definitions or service_requests).` };
  return { name, format: 'json', parts };
}

/** XML when the text starts with '<' (after any byte order mark and spaces), JSON otherwise. */
export function readOpen311File(name: string, text: string): ReadFile | { error: string } {
  const body = text.replace(/^\uFEFF/, '');
  if (!body.trim()) return { error: `${name} is empty.` };
  return body.trimStart().startsWith('<') ? readXml(name, body) : readJson(name, body);
}
