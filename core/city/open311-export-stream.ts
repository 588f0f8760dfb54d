// The Open311 export as a transfer: services and definitions (at most a thousand, built
// whole) and the requests written page by page to files, with progress, cancellable.
import { XMLBuilder } from 'fast-xml-parser';
import type { Queryable } from '../../db/index.js';
import type { Open311ExportResult, Open311Format } from '../contract/index.js';
import type { Job } from '../transfer/jobs.js';
import { TextSink } from '../transfer/files.js';
import { toOpen311Request, type ExportRow } from './open311-format.js';
import { open311Files, xmlValues } from './open311-write.js';
import { toOpen311Service, storedAttributes, type ParsedService } from './open311-services.js';

const PAGE = 1_000;
const builder = new XMLBuilder({ format: true, indentBy: '  ', suppressEmptyNode: false, processEntities: true });

export async function open311Services(db: Queryable, siteId: string) {
  const services = await db.query<ParsedService & { attributes: unknown[] | null }>(
    `SELECT service_code AS code, service_name AS name, description, service_group AS "group", keywords, keywords_text AS "keywordsText", type, metadata, attributes
     FROM city.services WHERE site_id = $1 AND deleted_at IS NULL ORDER BY service_code`, [siteId]);
  const definitions = services.filter((s) => s.attributes).map((s) => ({ service_code: s.code, attributes: storedAttributes(s.attributes!) }));
  return { services: services.map(toOpen311Service), definitions };
}

/** The site's live requests in export order, a page per query (keyset on requested_at, id). */
export async function* requestPages(db: Queryable, siteId: string, pageSize = PAGE): AsyncGenerator<ExportRow[]> {
  let after: [string, string] | null = null;
  for (;;) {
    // Written so the (site_id, requested_at) index gives the order: no sort of the rest per page.
    const rows: Array<ExportRow & { k: string }> = await db.query<ExportRow & { k: string }>(
      `SELECT r.external_id, r.id, r.status, r.status_notes, s.service_name, r.category, r.description, r.agency_responsible, r.service_notice,
         r.requested_at, r.updated_at, r.expected_at, r.address, r.address_id, r.zipcode, r.lat, r.lon, r.attachments -> 0 ->> 'url' AS media_url, r.open311,
         r.requested_at::text AS k
       FROM city.service_requests r JOIN city.services s ON s.site_id = r.site_id AND s.service_code = r.category
       WHERE r.site_id = $1 AND r.deleted_at IS NULL ${after ? 'AND r.requested_at >= $3::timestamptz AND (r.requested_at > $3::timestamptz OR r.id > $4::uuid)' : ''}
       ORDER BY r.requested_at, r.id LIMIT $2`, after ? [siteId, pageSize, ...after] : [siteId, pageSize]);
    if (rows.length) yield rows.map(({ k: _, ...r }) => r);
    if (rows.length < pageSize) return;
    const tail = rows[rows.length - 1]!;
    after = [tail.k, tail.id];
  }
}

const indent = (text: string) => text.replace(/^(?=.)/gm, '  ');

/** One request page as the list's items: JSON as JSON.stringify(list, null, 2) writes them, XML as <request> elements. */
function pageText(rows: ExportRow[], format: Open311Format, first: boolean): string {
  const list = rows.map(toOpen311Request);
  if (format === 'json') return (first ? '' : ',\n') + list.map((r) => indent(JSON.stringify(r, null, 2))).join(',\n');
  return indent(builder.build({ request: list.map(xmlValues) }) as string);
}

export async function exportOpen311ToFiles(db: Queryable, siteId: string, format: Open311Format, job: Job): Promise<Open311ExportResult> {
  const [{ n } = { n: '0' }] = await db.query<{ n: string }>('SELECT count(*) AS n FROM city.service_requests WHERE site_id = $1 AND deleted_at IS NULL', [siteId]);
  job.progress(0, Number(n));
  const small = open311Files({ ...(await open311Services(db, siteId)), requests: [] }, format);
  job.files = [];
  for (const f of small.files.filter((f) => f.kind !== 'requests')) {
    const sink = new TextSink(job.path(`${f.kind}.${format}`));
    await sink.write(f.text);
    await sink.close();
    job.files.push({ name: `${f.kind}.${format}`, bytes: sink.bytes, mime: mimeOf(format), path: job.path(`${f.kind}.${format}`) });
  }
  const path = job.path(`requests.${format}`);
  const sink = new TextSink(path);
  let count = 0;
  try {
    await sink.write(format === 'json' ? '[\n' : '<?xml version="1.0" encoding="utf-8"?>\n<service_requests>\n');
    for await (const page of requestPages(db, siteId)) {
      job.check();
      await sink.write(pageText(page, format, count === 0));
      count += page.length;
      job.progress(count);
      await new Promise((r) => setImmediate(r));
    }
    await sink.write(format === 'json' ? (count ? '\n]' : ']') : '</service_requests>\n');
    await sink.close();
  } catch (err) {
    sink.destroy();
    throw err;
  }
  job.files.push({ name: `requests.${format}`, bytes: sink.bytes, mime: mimeOf(format), path });
  const records = { services: small.files[0]!.records, definitions: small.files[1]!.records, requests: count };
  return { format, records };
}

const mimeOf = (format: Open311Format) => (format === 'json' ? 'application/json' : 'application/xml');
