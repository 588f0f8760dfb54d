// Long imports and exports as transfers (see core/contract/transfer.ts): each is started by
// a procedure that needs the same permission as its one-call form, reports its progress,
// hands its files down a chunk at a time and can be cancelled.
import { Open311ExportInput } from '../contract/index.js';
import { AuditExportStart, Open311StreamImport, TransferRead, TransferRef, UploadBegin, UploadChunk, type Access } from '../contract/index.js';
import { exportAuditToFiles } from '../audit/export-stream.js';
import { audited, record } from '../audit/write.js';
import { mustSeeEverySite } from '../org/site-access.js';
import { exportOpen311ToFiles } from '../city/open311-export-stream.js';
import { importRefusal, importStaged, importTarget, previewStaged, type StagedImport } from '../city/open311-staged.js';
import { DomainError } from '../errors.js';
import { access, router, type AuthedContext } from '../trpc.js';
import { appendChunk, readChunk } from './files.js';
import { Transfers, type Job } from './jobs.js';

export function transferRouter(transfers = new Transfers()) {
  const permitted = new WeakMap<Job, Access>();
  const start = (ctx: AuthedContext, kind: Job['kind'], permission: Access, phase: Job['phase']) => {
    const job = transfers.create(kind, ctx.user.id, phase);
    permitted.set(job, permission);
    return job;
  };
  /** The caller's transfer, while they still hold the permission that started it. */
  const own = (ctx: AuthedContext, id: string) => {
    const job = transfers.get(id, ctx.user.id);
    const needs = permitted.get(job)!;
    if (!ctx.user.permissions.includes(needs)) throw new DomainError('forbidden', { code: 'transfer.noLongerHolds', params: { email: ctx.user.email, permission: needs } });
    return job;
  };
  const staged = new WeakMap<Job, StagedImport>();
  const uploads = new WeakMap<Job, { siteId: string; files: Array<{ name: string; path: string; bytes: number; have: number }> }>();

  return router({
    status: access('authenticated').input(TransferRef).query(({ ctx, input }) => own(ctx, input.id).status()),
    /** Stops a transfer and removes its files; one already finished is dropped. */
    cancel: access('authenticated').input(TransferRef).mutation(({ ctx, input }) => {
      const job = own(ctx, input.id);
      transfers.cancel(job);
      return job.status();
    }),
    /** A chunk of a finished export's file; reading past the end drops the transfer. */
    read: access('authenticated').input(TransferRead).query(async ({ ctx, input }) => {
      const job = own(ctx, input.id);
      const file = job.state === 'done' ? job.files[input.file] : undefined;
      if (!file) throw new DomainError('invalid', { code: job.state === 'done' ? 'transfer.noSuchFile' : 'transfer.exportNotFinished' });
      return readChunk(file.path, input.offset);
    }),

    /** The audit log as JSONL with its manifest, written to a file in the background. */
    auditExport: access('audit:export').input(AuditExportStart).mutation(({ ctx, input }) => {
      mustSeeEverySite(ctx, 'The audit log\'s export');
      const job = start(ctx, 'audit-export', 'audit:export', 'exporting');
      transfers.run(job, async () => {
        const manifest = await exportAuditToFiles(ctx.db, ctx.clock.now(), input, job, 'watchfloor-audit.jsonl');
        // Exporting is itself audited: who took a copy of the log, and how much.
        await audited(ctx, { resourceType: 'audit_log', action: 'audit.export' }, async () => ({
          result: null, newValues: { count: manifest.count, lastSeq: manifest.lastSeq, lastHash: manifest.lastHash },
        }));
        return { manifest };
      });
      return job.status();
    }),

    open311Export: access('city:read').input(Open311ExportInput).mutation(({ ctx, input }) => {
      const job = start(ctx, 'open311-export', 'city:read', 'exporting');
      transfers.run(job, async () => {
        const out = await exportOpen311ToFiles(ctx.db, input.siteId, input.format ?? 'json', job);
        await record(ctx, { resourceType: 'site', resourceId: input.siteId, siteId: input.siteId, action: 'city.export_open311' }, 'success', { newValues: out.records });
        return out;
      });
      return job.status();
    }),

    /** Announces the files of an Open311 import; their chunks follow, then core reads and previews them. */
    open311Upload: access('city:manage').input(UploadBegin).mutation(({ ctx, input }) => {
      const job = start(ctx, 'open311-import', 'city:manage', 'upload');
      const files = input.files.map((f, i) => ({ name: f.name, path: job.path(`upload-${i}`), bytes: f.bytes, have: 0 }));
      uploads.set(job, { siteId: input.siteId, files });
      job.progress(0, files.reduce((s, f) => s + f.bytes, 0));
      return job.status();
    }),
    open311Chunk: access('city:manage').input(UploadChunk).mutation(async ({ ctx, input }) => {
      const job = own(ctx, input.id);
      const up = uploads.get(job);
      const file = up?.files[input.file];
      if (!up || !file || job.phase !== 'upload' || job.state !== 'running') throw new DomainError('conflict', { code: 'transfer.noMoreChunks' });
      file.have = await appendChunk(file.path, input.offset, Buffer.from(input.data, 'base64'), file.bytes);
      job.progress(up.files.reduce((s, f) => s + f.have, 0));
      if (up.files.every((f) => f.have === f.bytes)) {
        transfers.run(job, async () => {
          const plan = await previewStaged(ctx, job, up.siteId, up.files);
          staged.set(job, plan);
          return { preview: plan.preview };
        }, (reason) => record(ctx, importTarget(up.siteId), 'failed', { reason }));
      }
      return job.status();
    }),
    /** Writes a previewed import; refused whole ('all') when any record has a problem. */
    open311Import: access('city:manage').input(Open311StreamImport).mutation(async ({ ctx, input }) => {
      const job = own(ctx, input.id);
      const plan = staged.get(job);
      if (!plan || job.state !== 'done') throw new DomainError('conflict', { code: 'transfer.notPreviewed' });
      // Refused whole before anything is written; the preview stays, to import the good records instead.
      const refusal = importRefusal(plan, input.choice, input.confirmSuspect);
      if (refusal) {
        await record(ctx, importTarget(plan.siteId), 'failed', { reason: refusal.message });
        throw refusal;
      }
      staged.delete(job);
      transfers.run(job, () => importStaged(ctx, job, plan, input.choice, input.confirmSuspect));
      return job.status();
    }),
  });
}
