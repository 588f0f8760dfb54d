// The Open311 import of uploaded files: read record by record from disk, a chunk at a time, and
// previewed and written in short transactions (each at most a fraction of a second), so
// ingest on the embedded database goes on in between. The preview keeps counts and a few
// hundred rows; the import reads the files again, so memory does not grow with the file. A
// file with a problem is refused before anything is written ('all'). The import is still all
// or nothing: each transaction notes what it changed (open311-undo.ts), and a cancel or a
// failure half-way undoes it all; it counts as imported once marked done in the transaction
// of its audit entry.
import type { Queryable } from '../../db/index.js';
import { audited, record } from '../audit/write.js';
import type { Open311Counts, Open311Definition, Open311Preview, Open311PreviewRecord, Open311RecordKind } from '../contract/index.js';
import { DomainError } from '../errors.js';
import type { AuthedContext } from '../trpc.js';
import { Cancelled, type Job } from '../transfer/jobs.js';
import { writeDefinition, writeRequest, writeService, type WriteState } from './open311-apply.js';
import { checkRequests, refusalLine, type Checked } from './open311-format.js';
import { checkServicesOf, suspectLocation, type CheckedRequest } from './open311-plan.js';
import type { ParsedService } from './open311-services.js';
import { readStaged, stagedSink } from './open311-stream-read.js';
import { beginImport, forgetImport, markDone, saveNotes, settleLeftBehind, undoImport, type UndoNote } from './open311-undo.js';

/** Longest a transaction of the import may hold the database before it lets others in. */
const SLICE_MS = 100;
/** Rows of the preview sent back (problems first); the counts cover every record. */
const PREVIEW_ROWS = 500;
const MAX_LISTED = 50;
const zero = (): Open311Counts => ({ new: 0, changed: 0, unchanged: 0, refused: 0 });
const yieldToOthers = () => new Promise((r) => setImmediate(r));

type Upload = { name: string; path: string; bytes: number };
type Lines = { count: number; lines: string[] };

/**
 * A previewed import: what was read of the files apart from their requests (services and
 * definitions are few), and what the preview found. The requests are read again from the
 * staged files when imported, a chunk at a time, so no file's requests are held in memory.
 */
export interface StagedImport extends StagedFiles {
  /** Records refused, and suspect locations: how many, and the first MAX_LISTED of each as a line. */
  refused: Lines;
  suspect: Lines;
  preview: Open311Preview & { more: number };
}
/** The files, and what their requests are checked against. */
interface StagedFiles {
  siteId: string;
  uploads: Upload[];
  services: Checked<ParsedService>[];
  definitions: Checked<Open311Definition>[];
  /** Service codes known when previewed: the import checks each request as the preview did. */
  codes: Set<string>;
  site: { lat: number; lon: number };
  radiusKm: number;
  requests: number;
}
type Outcome = Open311PreviewRecord & { skipped: boolean };

/** Reads the uploaded files and previews the import (written and rolled back, slice by slice). */
export async function previewStaged(ctx: AuthedContext, job: Job, siteId: string, uploads: Upload[]): Promise<StagedImport> {
  job.phase = 'reading';
  const lists = { services: [] as unknown[], definitions: [] as unknown[] };
  const xml = new WeakSet<object>();
  // The first reading keeps services and definitions, and only counts the requests.
  const sink = stagedSink((kind, record, fromXml) => {
    if (kind === 'requests') return;
    lists[kind].push(record);
    if (fromXml) xml.add(record as object);
  });
  const total = uploads.reduce((s, u) => s + u.bytes, 0);
  let before = 0;
  const unreadable: string[] = [];
  for (const u of uploads) {
    job.progress(before, total);
    const error = await readStaged(u.path, u.name, sink, (n) => job.progress(before + n, total), job.abort.signal);
    job.check();
    if (error) unreadable.push(error);
    before += u.bytes;
  }
  if (unreadable.length) throw new DomainError('invalid', { code: 'city.nothingImported', params: { problems: unreadable.join(' ') } });
  job.phase = 'checking';
  const [site] = await ctx.db.query<{ lat: number; lon: number }>('SELECT lat, lon FROM org.sites WHERE id = $1', [siteId]);
  if (!site) throw new DomainError('not_found', { code: 'org.noSuchSite' });
  const checked = await checkServicesOf(ctx.db, siteId, lists, xml);
  const files: StagedFiles = { siteId, uploads, ...checked, site, radiusKm: ctx.config.open311RadiusKm, requests: sink.counts.requests };
  const tally = new Tally();
  await writeAll(ctx, job, files, tally, true, null);
  return { ...files, refused: tally.refused, suspect: tally.suspect, preview: { files: sink.files, ...tally.preview() } };
}

/** Why an import of this preview is refused before anything is written ('all' with any problem), or null. */
export function importRefusal(staged: StagedImport, choice: 'all' | 'good', confirmSuspect: boolean): DomainError | null {
  if (choice !== 'all') return null;
  const n = staged.refused.count + (confirmSuspect ? 0 : staged.suspect.count);
  if (!n) return null;
  const lines = [...staged.refused.lines, ...(confirmSuspect ? [] : staged.suspect.lines)];
  const listed = lines.slice(0, MAX_LISTED).join('; ');
  if (n > MAX_LISTED) return new DomainError('invalid', { code: 'city.open311RefusedMore', params: { n, listed, more: n - MAX_LISTED } });
  return new DomainError('invalid', { code: n > 1 ? 'city.open311Refused' : 'city.open311RefusedOne', params: { n, listed } });
}

export const importTarget = (siteId: string) => ({ resourceType: 'site', resourceId: siteId, siteId, action: 'city.import_open311' });

/**
 * Writes a previewed import (refusals are decided before: importRefusal), the good records in
 * slices; cancelled or failed before it is marked done, everything it wrote is undone.
 */
export async function importStaged(ctx: AuthedContext, job: Job, staged: StagedImport, choice: 'all' | 'good', confirmSuspect: boolean) {
  const { siteId } = staged;
  const target = importTarget(siteId);
  job.phase = 'writing';
  job.progress(0, job.total); // not the preview's count
  job.cancellable = true; // until the commit point: a cancel undoes what was written
  await settleLeftBehind(ctx.db);
  const importId = await beginImport(ctx.db, siteId);
  let written = false;
  try {
    const tally = new Tally();
    await writeAll(ctx, job, staged, tally, confirmSuspect, importId);
    const counts = { ...tally.counts, suspectSkipped: tally.skipped };
    job.cancellable = false;
    // The commit point: marked done with its audit entry (the permission is checked again as it is).
    await audited(ctx, target, async (tx) => {
      if (!(await markDone(tx, importId))) throw new Error('it was undone meanwhile, as left behind');
      written = true;
      return {
        result: null,
        newValues: { choice, counts, leftOut: tally.leftOut, confirmedSuspect: confirmSuspect ? tally.counts.suspect : 0, files: staged.preview.files, transactions: 'slices' },
      };
    });
    await forgetImport(ctx.db, importId).catch(() => {}); // left for the next import otherwise
    return { choice, counts };
  } catch (err) {
    if (written) throw err;
    throw await undone(ctx, job, siteId, importId, err);
  }
}

/** Undoes an import that was cancelled or failed; the error to report (Cancelled stays Cancelled). */
async function undone(ctx: AuthedContext, job: Job, siteId: string, importId: string, err: unknown): Promise<Error> {
  const cancelled = err instanceof Cancelled;
  const at = `after ${job.done.toLocaleString('en')} of ${(job.total ?? 0).toLocaleString('en')} records were written`;
  const why = cancelled ? `cancelled ${at}` : err instanceof DomainError ? `refused as it was committed (${err.message})` : `stopped by a database error ${at} (${(err as Error).message})`;
  job.cancellable = false;
  const total = job.done;
  let out: Error;
  let undoneWords = 'everything it had written was undone';
  try {
    const kept = await undoImport(ctx.db, importId, (left) => job.progress(Math.min(total, left), job.total));
    if (kept.length) undoneWords = `everything it had written was undone except ${keptWords(kept)}: someone changed ${kept.length === 1 ? 'it' : 'them'} meanwhile, and that change stays`;
    out = cancelled ? (kept.length ? new Cancelled(`Cancelled: ${undoneWords}.`) : (err as Error)) : new DomainError('unavailable', { code: 'city.open311ImportStopped', params: { why, undone: undoneWords, nothingImported: kept.length ? '' : ', nothing was imported' } });
  } catch (undoErr) {
    out = new DomainError('unavailable', { code: 'city.open311UndoFailed', params: { why, message: (undoErr as Error).message } });
  }
  // A refusal inside the audited commit (the permission gone) is audited there already.
  if (!(err instanceof DomainError)) await record(ctx, importTarget(siteId), 'failed', { reason: cancelled ? `${why}; ${undoneWords}` : out.message }).catch(() => {});
  return out;
}

/** "request A" or "3 requests (A, B, C)", ten named at most. */
function keptWords(ids: string[]): string {
  if (ids.length === 1) return `request ${ids[0]}`;
  const named = ids.slice(0, 10).join(', ');
  return `${ids.length.toLocaleString('en')} requests (${named}${ids.length > 10 ? ', …' : ''})`;
}

const rank = (r: Open311PreviewRecord) => (r.state === 'refused' ? 0 : r.suspect ? 1 : r.needsLocation ? 2 : r.state === 'unchanged' ? 4 : 3);
const LEFT_OUT_LISTED = 200;

/** What the records came to, kept to a fixed size however many there are. */
class Tally {
  counts: Open311Preview['counts'] = { service: zero(), definition: zero(), request: zero(), suspect: 0, needsLocation: 0 };
  records = 0;
  skipped = 0;
  refused: Lines = { count: 0, lines: [] };
  suspect: Lines = { count: 0, lines: [] };
  /** The first refused or skipped records, as "requests[3] 638344". */
  leftOut: string[] = [];
  /** The preview's rows: problems first (up to PREVIEW_ROWS), then the rest. */
  private problems: Open311PreviewRecord[] = [];
  private rest: Open311PreviewRecord[] = [];

  add(o: Outcome): void {
    this.records++;
    if (!o.skipped) this.counts[o.kind][o.state]++;
    if (o.suspect) this.counts.suspect++;
    if (o.needsLocation) this.counts.needsLocation++;
    if (o.skipped) this.skipped++;
    if (o.state === 'refused') note(this.refused, refusalLine(`${o.kind}s`, o));
    else if (o.suspect) note(this.suspect, refusalLine('requests', { ...o, reason: `${o.suspect}; confirm it to import it` }));
    if ((o.state === 'refused' || o.skipped) && this.leftOut.length < LEFT_OUT_LISTED) this.leftOut.push(`${o.kind}s[${o.index}]${o.key ? ` ${o.key}` : ''}`);
    const { skipped: _, ...row } = o;
    const list = rank(row) < 3 ? this.problems : this.rest;
    if (list.length < PREVIEW_ROWS) list.push(row);
  }

  preview(): Pick<Open311Preview, 'records' | 'counts'> & { more: number } {
    const records = [...this.problems, ...this.rest.slice(0, PREVIEW_ROWS - this.problems.length)];
    return { records, counts: this.counts, more: this.records - records.length };
  }
}

function note(into: Lines, line: string): void {
  into.count++;
  if (into.lines.length < MAX_LISTED) into.lines.push(line);
}

class Rollback extends Error {}

/**
 * Reads the staged files' requests again, a chunk at a time, checks each as the preview did
 * and writes it (SliceWriter). Records are numbered over all files, as in the preview.
 */
async function writeAll(ctx: AuthedContext, job: Job, staged: StagedFiles, tally: Tally, confirmed: boolean, importId: string | null): Promise<void> {
  const writer = new SliceWriter(ctx, job, staged, tally, confirmed, importId);
  const seen = new Set<string>();
  let pending: Array<{ record: unknown; fromXml: boolean }> = [];
  let index = 0;
  const sink = stagedSink((kind, record, fromXml) => {
    if (kind === 'requests') pending.push({ record, fromXml });
  }, async () => {
    if (!pending.length) return;
    const batch = pending;
    pending = [];
    const records = batch.map((b) => b.record);
    const checked = checkRequests(records, staged.codes, 0, records.length, seen).map((c): CheckedRequest => {
      if (c.value) c.value.fromXml = batch[c.index]!.fromXml;
      return { ...c, index: index + c.index, suspect: c.value ? suspectLocation(c.value, staged.site, staged.radiusKm) : null };
    });
    index += records.length;
    await writer.write(checked);
  });
  for (const u of staged.uploads) {
    const error = await readStaged(u.path, u.name, sink, () => {}, job.abort.signal);
    job.check();
    // Read whole once already: a file that cannot be read now was changed or removed meanwhile.
    if (error) throw new DomainError('invalid', { code: 'city.nothingImported', params: { problems: error } });
  }
  await writer.write([]); // the services and definitions of a file with no requests
}

/**
 * Writes in transactions of at most SLICE_MS each. A preview (importId null) rolls each back
 * (services and definitions are written again first in each, so requests of a new service
 * find it); an import commits them, each with its notes of what it changed.
 */
class SliceWriter {
  private seq = 0;
  private first = true;
  private readonly at: Date;
  private readonly total: number;

  constructor(private ctx: AuthedContext, private job: Job, private staged: StagedFiles, private tally: Tally,
    private confirmed: boolean, private importId: string | null) {
    this.at = ctx.clock.now();
    this.total = staged.services.length + staged.definitions.length + staged.requests;
    job.progress(0, this.total);
  }

  async write(requests: CheckedRequest[]): Promise<void> {
    const { ctx, job, staged, importId } = this;
    const preview = importId === null;
    let next = 0;
    while (this.first || next < requests.length) {
      job.check();
      const slice: Outcome[] = [];
      const started = Date.now();
      const first = this.first;
      const row = (kind: Open311RecordKind, c: Checked<unknown>, state: WriteState | 'refused'): Outcome =>
        ({ kind, index: c.index, key: c.key, state, reason: c.reason, suspect: null, needsLocation: false, skipped: false });
      const work = async (tx: Queryable) => {
        const notes: UndoNote[] = [];
        const note = preview ? undefined : (n: UndoNote) => void notes.push(n);
        if (first || preview) {
          for (const s of staged.services) {
            const state = s.value ? await writeService(tx, staged.siteId, s.value, note) : 'refused';
            if (first) slice.push(row('service', s, state));
          }
          for (const d of staged.definitions) {
            const state = d.value ? await writeDefinition(tx, staged.siteId, d.value, note) : 'refused';
            if (first) slice.push(row('definition', d, state));
          }
        }
        let i = next;
        for (; i < requests.length && Date.now() - started < SLICE_MS; i++) {
          const r = requests[i]!;
          const base = { ...row('request', r, 'refused'), suspect: r.suspect, needsLocation: r.value !== null && r.value.lat === null };
          if (!r.value) slice.push(base);
          else if (r.suspect && !this.confirmed) slice.push({ ...base, state: 'unchanged', skipped: true });
          else slice.push({ ...base, state: await writeRequest(tx, ctx, staged.siteId, r.value, this.at, note) });
        }
        if (preview) throw new Rollback();
        await saveNotes(tx, importId, this.seq, notes);
        this.seq += notes.length;
        return i;
      };
      let end: number;
      try {
        end = await ctx.db.transaction(work);
      } catch (err) {
        if (!(err instanceof Rollback)) throw err;
        end = next + slice.filter((o) => o.kind === 'request').length;
      }
      for (const o of slice) this.tally.add(o);
      next = end;
      this.first = false;
      job.progress(this.tally.records, this.total);
      await yieldToOthers();
    }
  }
}
