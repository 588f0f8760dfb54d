// Reading a staged GeoReport v2 file record by record, JSON or XML, without holding its
// text: the same records, kinds and refusals as open311-read.ts gives for a file in memory.
import { createReadStream } from 'node:fs';
import { JSONParser } from '@streamparser/json';
import { SaxesParser } from 'saxes';
import type { Open311Format } from '../contract/index.js';
import { definitionFromXml, kindOfList, type Open311FileKind } from './open311-read.js';

/** Where a staged file's records go, as they are read. */
export interface StagedSink {
  files: Array<{ name: string; format: Open311Format; kind: Open311FileKind; records: number }>;
  /** Records read so far of each kind, over all the import's files (MAX_RECORDS is per import). */
  counts: Record<Open311FileKind, number>;
  /** `fromXml`: read from XML, so its values are all text (see open311-blanks.ts). */
  add(kind: Open311FileKind, record: unknown, fromXml: boolean): void;
  /** Called after each chunk of the file is parsed: where the records added so far are dealt with, before more are read. */
  flush?(): Promise<void>;
}

export const stagedSink = (add: StagedSink['add'], flush?: StagedSink['flush']): StagedSink =>
  ({ files: [], counts: { services: 0, definitions: 0, requests: 0 }, add, flush });

export const MAX_RECORDS: Record<Open311FileKind, number> = { services: 1000, definitions: 1000, requests: 100_000 };

class Refused extends Error {}
/** An error of the sink's own work (a database error, a cancel), passed on as it is. */
class Passed extends Error {}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const JSON_LISTS: Record<string, Open311FileKind> = { services: 'services', service_definitions: 'definitions', definitions: 'definitions', service_requests: 'requests', requests: 'requests' };

/**
 * Hands the file's records to `into`, a chunk (64 KiB) at a time; returns why the file cannot be
 * read, or null. `onBytes` reports bytes read.
 */
export async function readStaged(path: string, name: string, into: StagedSink, onBytes: (n: number) => void, signal: AbortSignal): Promise<string | null> {
  const counts = new Map<Open311FileKind, number>();
  let format: Open311Format | null = null;
  const add = (kind: Open311FileKind, record: unknown) => {
    const n = (counts.get(kind) ?? 0) + 1;
    if (into.counts[kind] >= MAX_RECORDS[kind]) throw new Refused(`${name} holds more than ${MAX_RECORDS[kind].toLocaleString('en')} ${kind}, the most one import takes.`);
    counts.set(kind, n);
    into.counts[kind]++;
    into.add(kind, record, format === 'xml' && isObject(record));
  };
  const flush = () => into.flush?.().catch((err: unknown) => {
    throw new Passed('', { cause: err });
  });
  let reader: { write(text: string): void; end(): void } | null = null;
  let bytes = 0;
  try {
    for await (const chunk of createReadStream(path, { encoding: 'utf8', highWaterMark: 64 * 1024 })) {
      if (signal.aborted) return 'Cancelled.';
      let text = chunk as string;
      bytes += Buffer.byteLength(text);
      if (!reader) {
        text = text.replace(/^\uFEFF/, '');
        const start = text.trimStart();
        if (!start) continue;
        format = start.startsWith('<') ? 'xml' : 'json';
        reader = format === 'xml' ? xmlReader(name, add) : jsonReader(name, start[0]!, add);
      }
      reader.write(text);
      await flush();
      onBytes(bytes);
    }
    if (!reader) return `${name} is empty.`;
    reader.end();
    await flush();
  } catch (err) {
    if (err instanceof Passed) throw err.cause;
    if (err instanceof Refused) return err.message;
    const why = (err as Error).message;
    return format === 'xml' ? `${name} is not well-formed XML (${why}).` : `${name} is not valid JSON (${why}).`;
  }
  if (!counts.size && format === 'json') return `${name} has no Open311 list in it (services, service_definitions or service_requests).`;
  for (const [kind, records] of counts) into.files.push({ name, format: format!, kind, records });
  return null;
}

function jsonReader(name: string, first: string, add: (kind: Open311FileKind, r: unknown) => void) {
  if (first !== '[' && first !== '{') throw new Refused(`${name} holds neither a list nor an object of Open311 records.`);
  const paths = first === '[' ? ['$.*'] : [...Object.keys(JSON_LISTS).map((k) => `$.${k}.*`), '$.service_code', '$.attributes'];
  const parser = new JSONParser({ paths, keepStack: false });
  let listKind: Open311FileKind | null = null;
  const single: Record<string, unknown> = {};
  parser.onValue = ({ value, key, stack }) => {
    if (first === '[') {
      listKind ??= kindOfList([value]);
      return add(listKind, value);
    }
    if (stack.length === 1) single[String(key)] = value;
    else add(JSON_LISTS[String(stack[1]!.key)]!, value);
  };
  return {
    write: (text: string) => parser.write(text),
    end: () => {
      // The parser ends by itself after the root value; a cut-off file leaves it open.
      if (!parser.isEnded) parser.end();
      if ('service_code' in single && 'attributes' in single) add('definitions', { service_code: single.service_code, attributes: single.attributes });
    },
  };
}

interface Frame { name: string; obj: Record<string, unknown>; text: string; children: boolean }
const ROOTS: Record<string, { kind: Open311FileKind; child: string | null }> = {
  services: { kind: 'services', child: 'service' },
  service_requests: { kind: 'requests', child: 'request' },
  service_definitions: { kind: 'definitions', child: 'service_definition' },
  service_definition: { kind: 'definitions', child: null },
};
/** Elements that are lists even when a file has one of them (as open311-read.ts's LISTS). */
const ALWAYS_LIST: Record<string, string> = { attribute: 'attributes', value: 'values' };

function xmlReader(name: string, add: (kind: Open311FileKind, r: unknown) => void) {
  const parser = new SaxesParser({ fileName: name });
  const stack: Frame[] = [];
  let root: (typeof ROOTS)[string] | null = null;
  parser.on('doctype', () => {
    throw new Refused(`${name}: a DOCTYPE is not allowed in an Open311 file.`);
  });
  parser.on('opentag', (tag) => {
    if (!stack.length) {
      if (tag.name === 'errors' || tag.name === 'error') throw new Refused(`${name} is an Open311 error response, not data.`);
      root = ROOTS[tag.name] ?? null;
      if (!root) throw new Refused(`${name}: an Open311 XML file starts with <services>, <service_definition> or <service_requests>, not <${tag.name}>.`);
    } else stack[stack.length - 1]!.children = true;
    stack.push({ name: tag.name, obj: {}, text: '', children: false });
  });
  const text = (t: string) => {
    if (stack.length > 1) stack[stack.length - 1]!.text += t;
  };
  parser.on('text', text);
  parser.on('cdata', text);
  parser.on('closetag', () => {
    const frame = stack.pop()!;
    const value = frame.children ? frame.obj : frame.text.trim();
    const parent = stack[stack.length - 1];
    if (!parent) {
      if (root!.child === null) add(root!.kind, definitionFromXml(value));
      return;
    }
    if (stack.length === 1) {
      if (frame.name === root!.child) add(root!.kind, root!.kind === 'definitions' ? definitionFromXml(value) : value);
      return;
    }
    const old = parent.obj[frame.name];
    if (ALWAYS_LIST[frame.name] === parent.name) parent.obj[frame.name] = [...((old as unknown[]) ?? []), value];
    else parent.obj[frame.name] = old === undefined ? value : Array.isArray(old) ? [...old, value] : [old, value];
  });
  return { write: (t: string) => void parser.write(t), end: () => void parser.close() };
}
