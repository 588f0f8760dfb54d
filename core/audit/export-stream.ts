// The audit export as a transfer: the log written to a file page by page (each page a
// short query, so ingest on the embedded database goes on in between), with progress,
// cancellable. The export covers the log as it stood when it started; the entry saying
// who exported how much is appended when the file is complete.
import type { Queryable } from '../../db/index.js';
import type { Job } from '../transfer/jobs.js';
import { TextSink } from '../transfer/files.js';
import type { ChainLink } from './chain.js';
import { auditPages, exportManifest, type SeqRange } from './export.js';
import type { ExportManifest } from './verify.js';

/** Entries a page: a short query each on the embedded database (about 2 ms an entry there under load at most). */
const PAGE = 1_000;

export async function exportAuditToFiles(db: Queryable, at: Date, range: SeqRange, job: Job, name: string): Promise<ExportManifest> {
  // The log as it stands now: entries appended while it runs (its own among them) are not in it.
  const [tip] = await db.query<{ seq: string | null }>('SELECT max(seq) AS seq FROM audit.entries');
  const toSeq = Math.min(range.toSeq ?? Number.MAX_SAFE_INTEGER, Number(tip?.seq ?? 0));
  const fromSeq = range.fromSeq ?? 1;
  job.progress(0, Math.max(0, toSeq - fromSeq + 1));
  const path = job.path(name);
  const sink = new TextSink(path);
  let first: ChainLink | null = null;
  let last: ChainLink | null = null;
  let count = 0;
  try {
    for await (const page of auditPages(db, { fromSeq, toSeq }, PAGE)) {
      job.check();
      first ??= page[0]!;
      last = page[page.length - 1]!;
      let text = '';
      for (const link of page) text += JSON.stringify(link) + '\n';
      await sink.write(text);
      count += page.length;
      job.progress(count);
      // Let whatever waits for the database (ingest) go first before the next page.
      await new Promise((r) => setImmediate(r));
    }
    await sink.close();
  } catch (err) {
    sink.destroy();
    throw err;
  }
  const manifest = await exportManifest(db, at, count, first, last);
  const manifestText = JSON.stringify(manifest, null, 2) + '\n';
  const manifestSink = new TextSink(job.path(`${name}.manifest.json`));
  await manifestSink.write(manifestText);
  await manifestSink.close();
  job.files = [
    { name, bytes: sink.bytes, mime: 'application/x-ndjson', path },
    { name: `${name}.manifest.json`, bytes: manifestSink.bytes, mime: 'application/json', path: job.path(`${name}.manifest.json`) },
  ];
  return manifest;
}
