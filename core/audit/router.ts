import { z } from 'zod';
import { AuditQuery, type ChainStatus } from '../contract/index.js';
import { access, router, type Context } from '../trpc.js';
import { exportAudit } from './export.js';
import { auditFacets, listAudit } from './query.js';
import { verifyDb, type VerifyResult } from './verify.js';
import { audited } from './write.js';

/**
 * The chain is re-verified from where the last check ended, so the status
 * stays cheap however long the log grows; a full re-check starts from entry 1.
 */
function chainChecker() {
  let verified: VerifyResult | null = null;
  return async (ctx: Context, full: boolean): Promise<ChainStatus> => {
    const from = !full && verified?.ok ? { lastSeq: verified.lastSeq, lastHash: verified.lastHash } : undefined;
    const r = await verifyDb(ctx.db, { from });
    verified = from && verified ? { ...r, count: verified.count + r.count } : r;
    return { ...verified, checkedAt: ctx.clock.now().toISOString() };
  };
}

export function auditRouter() {
  const check = chainChecker();
  return router({
    list: access('audit:read').input(AuditQuery).query(({ ctx, input }) => listAudit(ctx.db, input)),
    facets: access('audit:read').input(z.void()).query(({ ctx }) => auditFacets(ctx.db)),
    chainStatus: access('audit:read')
      .input(z.object({ full: z.boolean().default(false) }).default({ full: false }))
      .query(({ ctx, input }) => check(ctx, input.full)),
    /** Exporting is itself audited: who took a copy of the log, and how much. */
    export: access('audit:export')
      .input(z.object({ fromSeq: z.number().int().positive().optional(), toSeq: z.number().int().positive().optional() }).default({}))
      .mutation(({ ctx, input }) =>
        audited(ctx, 'audit:export', { resourceType: 'audit_log' }, async (tx) => {
          const out = await exportAudit(tx, ctx.clock.now(), input);
          return { result: out, newValues: { count: out.manifest.count, lastSeq: out.manifest.lastSeq, lastHash: out.manifest.lastHash } };
        }),
      ),
  });
}
