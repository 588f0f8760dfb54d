// Open311 GeoReport v2 import and export. An import is previewed first: each record new,
// changed, unchanged or refused with its reason, and each suspect location flagged. The
// import then writes everything or nothing ('all'), or the good records only ('good');
// the audit entry says which, and which records were left out.
import type { Queryable } from '../../db/index.js';
import { audited, record } from '../audit/write.js';
import {
  Open311ImportInput, type Open311Counts, type Open311Export, type Open311ExportFiles, type Open311ExportInput, type Open311ImportResult,
  type Open311Preview, type Open311PreviewRecord, type Open311RecordKind, type Open311Request,
} from '../contract/index.js';
import { DomainError } from '../errors.js';
import type { AuthedContext } from '../trpc.js';
import { writeDefinition, writeRequest, writeService, type WriteState } from './open311-apply.js';
import { open311Services, requestPages } from './open311-export-stream.js';
import { refusalLine, toOpen311Request } from './open311-format.js';
import { planImport, type Plan } from './open311-plan.js';
import { open311Files } from './open311-write.js';

const MAX_LISTED = 50;
const KIND_LIST: Record<Open311RecordKind, string> = { service: 'services', definition: 'definitions', request: 'requests' };
const zero = (): Open311Counts => ({ new: 0, changed: 0, unchanged: 0, refused: 0 });

/** A record's outcome; `skipped`: a suspect request not confirmed, left out (not written) like a refused one. */
type Outcome = Open311PreviewRecord & { skipped: boolean };

async function writePlan(tx: Queryable, ctx: AuthedContext, siteId: string, plan: Plan, confirmed: (id: string) => boolean): Promise<Outcome[]> {
  const at = ctx.clock.now();
  const out: Outcome[] = [];
  const row = (kind: Open311RecordKind, c: { index: number; key: string; reason: string | null }, state: WriteState | 'refused', extra = {}) =>
    out.push({ kind, index: c.index, key: c.key, state, reason: c.reason, suspect: null, needsLocation: false, skipped: false, ...extra });
  for (const s of plan.services) row('service', s, s.value ? await writeService(tx, siteId, s.value) : 'refused');
  for (const d of plan.definitions) row('definition', d, d.value ? await writeDefinition(tx, siteId, d.value) : 'refused');
  for (const r of plan.requests) {
    const extra = { suspect: r.suspect, needsLocation: r.value !== null && r.value.lat === null };
    if (!r.value) row('request', r, 'refused', extra);
    else if (r.suspect && !confirmed(r.key)) row('request', r, 'unchanged', { ...extra, skipped: true });
    else row('request', r, await writeRequest(tx, ctx, siteId, r.value, at), extra);
  }
  return out;
}

function countsOf(records: Outcome[]): Open311Preview['counts'] {
  const counts = { service: zero(), definition: zero(), request: zero(), suspect: 0, needsLocation: 0 };
  for (const r of records) if (!r.skipped) counts[r.kind][r.state]++;
  counts.suspect = records.filter((r) => r.suspect).length;
  counts.needsLocation = records.filter((r) => r.needsLocation).length;
  return counts;
}

class Rollback {
  constructor(readonly preview: Open311Preview) {}
}

/** The import's outcome record by record, from the same writes rolled back: nothing is kept. */
export async function previewOpen311(ctx: AuthedContext, raw: Open311ImportInput): Promise<Open311Preview> {
  const input = Open311ImportInput.parse(raw);
  try {
    await ctx.db.transaction(async (tx) => {
      const plan = await planImport(tx, input, ctx.config.open311RadiusKm);
      // A suspect request is previewed as if confirmed, so its row says what it would be.
      const outcomes = await writePlan(tx, ctx, input.siteId, plan, () => true);
      const records = outcomes.map(({ skipped: _, ...r }) => r);
      throw new Rollback({ files: plan.files, records, counts: countsOf(outcomes) });
    });
  } catch (err) {
    if (err instanceof Rollback) return err.preview;
    throw err;
  }
  throw new Error('unreachable: the preview transaction always rolls back');
}

function refuse(problems: string[]): never {
  const listed = problems.slice(0, MAX_LISTED).join('; ');
  const n = problems.length;
  if (n > MAX_LISTED) throw new DomainError('invalid', { code: 'city.open311RefusedMore', params: { n, listed, more: n - MAX_LISTED } });
  throw new DomainError('invalid', { code: n > 1 ? 'city.open311Refused' : 'city.open311RefusedOne', params: { n, listed } });
}

export async function importOpen311(ctx: AuthedContext, raw: Open311ImportInput): Promise<Open311ImportResult> {
  const input = Open311ImportInput.parse(raw);
  const confirm = new Set(input.confirm);
  const written = await audited(ctx, { resourceType: 'site', resourceId: input.siteId, siteId: input.siteId, action: 'city.import_open311' }, async (tx) => {
    const plan = await planImport(tx, input, ctx.config.open311RadiusKm);
    const problems = [
      ...(['services', 'definitions', 'requests'] as const).flatMap((k) => plan[k].filter((c) => c.reason).map((c) => refusalLine(k, c))),
      ...plan.requests.filter((r) => r.value && r.suspect && !confirm.has(r.key)).map((r) => refusalLine('requests', { ...r, reason: `${r.suspect}; confirm it to import it` })),
    ];
    // All or nothing: one problem refuses the whole file (audited as failed, with every reason).
    if (input.choice === 'all' && problems.length) refuse(problems);
    const records = await writePlan(tx, ctx, input.siteId, plan, (id) => confirm.has(id));
    const counts = { ...countsOf(records), suspectSkipped: records.filter((r) => r.skipped).length };
    const leftOut = records.filter((r) => r.state === 'refused' || r.skipped).map((r) => `${KIND_LIST[r.kind]}[${r.index}]${r.key ? ` ${r.key}` : ''}`);
    const requestIds = records.filter((r) => r.kind === 'request' && !r.skipped && (r.state === 'new' || r.state === 'changed')).map((r) => r.key);
    return {
      result: { counts, requestIds },
      newValues: { choice: input.choice, counts, leftOut: leftOut.slice(0, 200), confirmedSuspect: [...confirm].slice(0, 200), files: plan.files },
    };
  });
  return { choice: input.choice, counts: written.counts };
}

/** The site's services, service definitions and live requests; timelines (internal notes included) stay behind. */
export async function exportOpen311(ctx: AuthedContext, siteId: string): Promise<Open311Export> {
  const { services, definitions } = await open311Services(ctx.db, siteId);
  const requests: Open311Request[] = [];
  for await (const page of requestPages(ctx.db, siteId, 10_000)) requests.push(...page.map(toOpen311Request));
  await record(ctx, { resourceType: 'site', resourceId: siteId, siteId, action: 'city.export_open311' }, 'success',
    { newValues: { services: services.length, definitions: definitions.length, requests: requests.length } });
  return { services, definitions, requests };
}

export async function exportOpen311Files(ctx: AuthedContext, input: Required<Open311ExportInput>): Promise<Open311ExportFiles> {
  return open311Files(await exportOpen311(ctx, input.siteId), input.format);
}
