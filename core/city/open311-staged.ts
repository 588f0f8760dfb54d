// The Open311 import of uploaded files: read record by record from disk, checked whole, and
// previewed and written in short transactions (each at most a fraction of a second), so
// ingest on the embedded database goes on in between. A file with a problem is refused
// before anything is written ('all'). The import is still all or nothing: each transaction
// notes what it changed (open311-undo.ts), and a cancel or a failure half-way undoes it all;
// it counts as imported once marked done in the transaction of its audit entry.
import type { Queryable } from '../../db/index.js';
import { audited, record } from '../audit/write.js';
import type { Open311Counts, Open311Preview, Open311PreviewRecord, Open311RecordKind } from '../contract/index.js';
import { DomainError } from '../errors.js';
import type { AuthedContext } from '../trpc.js';
import { Cancelled, type Job } from '../transfer/jobs.js';
import { writeDefinition, writeRequest, writeService, type WriteState } from './open311-apply.js';
import { refusalLine } from './open311-format.js';
import { planImport, type Plan } from './open311-plan.js';
import { emptyStaged, readStaged } from './open311-stream-read.js';
import { beginImport, forgetImport, markDone, saveNotes, settleLeftBehind, undoImport, type UndoNote } from './open311-undo.js';

/** Longest a transaction of the import may hold the database before it lets others in. */
const SLICE_MS = 100;
/** Rows of the preview sent back (problems first); the counts cover every record. */
const PREVIEW_ROWS = 500;
const MAX_LISTED = 50;
const zero = (): Open311Counts => ({ new: 0, changed: 0, unchanged: 0, refused: 0 });
const yieldToOthers = () => new Promise((r) => setImmediate(r));

export interface StagedImport { siteId: string; plan: Plan; preview: Open311Preview & { more: number } }
type Outcome = Open311PreviewRecord & { skipped: boolean };

/** Reads the uploaded files and previews the import; the plan stays on the job for the import. */
export async function previewStaged(ctx: AuthedContext, job: Job, siteId: string, uploads: Array<{ name: string; path: string; bytes: number }>): Promise<StagedImport> {
  job.phase = 'reading';
  const staged = emptyStaged();
  const total = uploads.reduce((s, u) => s + u.bytes, 0);
  let before = 0;
  const unreadable: string[] = [];
  for (const u of uploads) {
    job.progress(before, total);
    const error = await readStaged(u.path, u.name, staged, (n) => job.progress(before + n, total), job.abort.signal);
    job.check();
    if (error) unreadable.push(error);
    before += u.bytes;
  }
  if (unreadable.length) throw new DomainError('invalid', `Nothing was imported: ${unreadable.join(' ')}`);
  job.phase = 'checking';
  const input = { siteId, files: [], ...staged.lists, choice: 'all' as const, confirm: [] };
  const plan = await planImport(ctx.db, input, ctx.config.open311RadiusKm, staged.xml);
  plan.files = staged.files;
  const outcomes = await writeInSlices(ctx, job, siteId, plan, () => true, null);
  const records = outcomes.map(({ skipped: _, ...r }) => r);
  const rank = (r: Open311PreviewRecord) => (r.state === 'refused' ? 0 : r.suspect ? 1 : r.needsLocation ? 2 : r.state === 'unchanged' ? 4 : 3);
  const shown = records.filter((r) => rank(r) < 3).slice(0, PREVIEW_ROWS);
  const rest = PREVIEW_ROWS - shown.length;
  if (rest > 0) shown.push(...records.filter((r) => rank(r) >= 3).slice(0, rest));
  return { siteId, plan, preview: { files: plan.files, records: shown, counts: countsOf(outcomes), more: records.length - shown.length } };
}

/** Why an import of this plan is refused before anything is written ('all' with any problem), or null. */
export function importRefusal(plan: Plan, choice: 'all' | 'good', confirmSuspect: boolean): string | null {
  if (choice !== 'all') return null;
  const problems = [
    ...(['services', 'definitions', 'requests'] as const).flatMap((k) => plan[k].filter((c) => c.reason).map((c) => refusalLine(k, c))),
    ...(confirmSuspect ? [] : plan.requests.filter((r) => r.value && r.suspect).map((r) => refusalLine('requests', { ...r, reason: `${r.suspect}; confirm it to import it` }))),
  ];
  if (!problems.length) return null;
  const listed = problems.slice(0, MAX_LISTED).join('; ') + (problems.length > MAX_LISTED ? `; and ${problems.length - MAX_LISTED} more` : '');
  return `The Open311 file was refused and nothing was imported (${problems.length} problem${problems.length > 1 ? 's' : ''}): ${listed}.`;
}

export const importTarget = (siteId: string) => ({ resourceType: 'site', resourceId: siteId, siteId, action: 'city.import_open311' });

/**
 * Writes a previewed import (refusals are decided before: importRefusal), the good records in
 * slices; cancelled or failed before it is marked done, everything it wrote is undone.
 */
export async function importStaged(ctx: AuthedContext, job: Job, staged: StagedImport, choice: 'all' | 'good', confirmSuspect: boolean) {
  const { plan, siteId } = staged;
  const target = importTarget(siteId);
  job.phase = 'writing';
  job.progress(0, job.total); // not the preview's count
  job.cancellable = true; // until the commit point: a cancel undoes what was written
  await settleLeftBehind(ctx.db);
  const importId = await beginImport(ctx.db, siteId);
  let written = false;
  try {
    const outcomes = await writeInSlices(ctx, job, siteId, plan, () => confirmSuspect, importId);
    const counts = { ...countsOf(outcomes), suspectSkipped: outcomes.filter((r) => r.skipped).length };
    const leftOut = outcomes.filter((r) => r.state === 'refused' || r.skipped).map((r) => `${r.kind}s[${r.index}]${r.key ? ` ${r.key}` : ''}`);
    job.cancellable = false;
    // The commit point: marked done with its audit entry (the permission is checked again as it is).
    await audited(ctx, 'city:manage', target, async (tx) => {
      if (!(await markDone(tx, importId))) throw new Error('it was undone meanwhile, as left behind');
      written = true;
      return {
        result: null,
        newValues: { choice, counts, leftOut: leftOut.slice(0, 200), confirmedSuspect: confirmSuspect ? plan.requests.filter((r) => r.suspect).length : 0, files: plan.files, transactions: 'slices' },
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
    out = cancelled ? (kept.length ? new Cancelled(`Cancelled: ${undoneWords}.`) : (err as Error)) : new DomainError('unavailable', `The Open311 import was ${why}; ${undoneWords}${kept.length ? '' : ', nothing was imported'}.`);
  } catch (undoErr) {
    out = new DomainError('unavailable', `The Open311 import was ${why}, and undoing what it had written failed too (${(undoErr as Error).message}); the next Open311 import undoes it first.`);
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

function countsOf(records: Outcome[]): Open311Preview['counts'] {
  const counts = { service: zero(), definition: zero(), request: zero(), suspect: 0, needsLocation: 0 };
  for (const r of records) {
    if (!r.skipped) counts[r.kind][r.state]++;
    if (r.suspect) counts.suspect++;
    if (r.needsLocation) counts.needsLocation++;
  }
  return counts;
}

class Rollback extends Error {}

/**
 * The plan's writes in transactions of at most SLICE_MS each. A preview (importId null) rolls
 * each back (services and definitions are written again first in each, so requests of a new
 * service find it); an import commits them, each with its notes of what it changed.
 */
async function writeInSlices(ctx: AuthedContext, job: Job, siteId: string, plan: Plan, confirmed: () => boolean, importId: string | null): Promise<Outcome[]> {
  const preview = importId === null;
  let seq = 0;
  const at = ctx.clock.now();
  const out: Outcome[] = [];
  const total = plan.services.length + plan.definitions.length + plan.requests.length;
  const row = (kind: Open311RecordKind, c: { index: number; key: string; reason: string | null }, state: WriteState | 'refused', extra = {}) =>
    out.push({ kind, index: c.index, key: c.key, state, reason: c.reason, suspect: null, needsLocation: false, skipped: false, ...extra });
  job.progress(0, total);
  let next = 0;
  let first = true;
  while (first || next < plan.requests.length) {
    job.check();
    const slice: Outcome[] = [];
    const started = Date.now();
    const work = async (tx: Queryable) => {
      const notes: UndoNote[] = [];
      const note = preview ? undefined : (n: UndoNote) => void notes.push(n);
      if (first || preview) {
        const keep = first;
        for (const s of plan.services) {
          const state = s.value ? await writeService(tx, siteId, s.value, note) : 'refused';
          if (keep) row('service', s, state);
        }
        for (const d of plan.definitions) {
          const state = d.value ? await writeDefinition(tx, siteId, d.value, note) : 'refused';
          if (keep) row('definition', d, state);
        }
      }
      let i = next;
      for (; i < plan.requests.length && Date.now() - started < SLICE_MS; i++) {
        const r = plan.requests[i]!;
        const extra = { suspect: r.suspect, needsLocation: r.value !== null && r.value.lat === null };
        const base = { kind: 'request' as const, index: r.index, key: r.key, reason: r.reason, suspect: null, needsLocation: false, skipped: false };
        if (!r.value) slice.push({ ...base, state: 'refused', ...extra });
        else if (r.suspect && !confirmed()) slice.push({ ...base, state: 'unchanged', ...extra, skipped: true });
        else slice.push({ ...base, state: await writeRequest(tx, ctx, siteId, r.value, at, note), ...extra });
      }
      if (preview) throw new Rollback();
      await saveNotes(tx, importId, seq, notes);
      seq += notes.length;
      return i;
    };
    let end: number;
    try {
      end = await ctx.db.transaction(work);
    } catch (err) {
      if (!(err instanceof Rollback)) throw err;
      end = next + slice.length;
    }
    out.push(...slice);
    next = end;
    first = false;
    job.progress(out.length, total);
    await yieldToOthers();
  }
  return out;
}
