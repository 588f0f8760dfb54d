import { z } from 'zod';
import { AuditQuery } from '../contract/index.js';
import { access, router } from '../trpc.js';
import { exportAudit } from './export.js';
import { auditFacets, listAudit } from './query.js';
import { chainChecker } from './chain-check.js';
import { visibleTo } from './visible.js';
import { audited } from './write.js';

export function auditRouter() {
  const check = chainChecker();
  return router({
    /** Old and new values as the reader may see them (see visible.ts); an export keeps them whole, to verify. */
    list: access('audit:read').input(AuditQuery)
      .query(async ({ ctx, input }) => (await listAudit(ctx.db, input)).map((r) => visibleTo(r, ctx.user.permissions))),
    facets: access('audit:read').input(z.void()).query(({ ctx }) => auditFacets(ctx.db)),
    chainStatus: access('audit:read')
      .input(z.object({ full: z.boolean().default(false) }).default({ full: false }))
      .query(({ ctx, input }) => check(ctx.db, ctx.clock.now(), input.full)),
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
