import { z } from 'zod';
import { AuditQuery } from '../contract/index.js';
import { wholeDb } from '../org/site-rls.js';
import { access, router } from '../trpc.js';
import { auditFacets, listAudit } from './query.js';
import { chainChecker } from './chain-check.js';
import { visibleTo } from './visible.js';

export function auditRouter() {
  const check = chainChecker();
  return router({
    /** Old and new values as the reader may see them (see visible.ts); an export keeps them whole, to verify. */
    list: access('audit:read').input(AuditQuery)
      .query(async ({ ctx, input }) => {
        const scope = ctx.sites ? { sites: [...ctx.sites], self: ctx.user.id } : null;
        return (await listAudit(ctx.db, input, scope)).map((r) => visibleTo(r, ctx.user.permissions));
      }),
    facets: access('audit:read').input(z.void()).query(({ ctx }) => auditFacets(ctx.db)),
    chainStatus: access('audit:read')
      .input(z.object({ full: z.boolean().default(false) }).default({ full: false }))
      // The chain is checked whole, whatever the reader may see of it: the answer names no entry's content.
      .query(({ ctx, input }) => check(wholeDb(ctx.db), ctx.clock.now(), input.full)),
    // The export is a transfer (transfer.auditExport): written a page at a time, with progress.
  });
}
