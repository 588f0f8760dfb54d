import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { publicAccess, router } from '../trpc.js';
import { VERSION } from '../version.js';
import { statusChanged, systemStatus } from './status.js';

export function systemRouter(startedAt: Date) {
  return router({
    health: publicAccess().input(z.void()).query(async ({ ctx }) => {
      const s = await systemStatus(ctx.db, ctx.clock, startedAt);
      return { ok: s.database.ok, checkedAt: s.checkedAt, error: s.database.error };
    }),
    version: publicAccess().input(z.void()).query(() => ({ version: VERSION })),
    status: publicAccess().input(z.void()).query(({ ctx }) => systemStatus(ctx.db, ctx.clock, startedAt)),
    /** The current status at once, then each change, re-checked every `statusIntervalMs`. */
    onStatus: publicAccess().input(z.void()).subscription(async function* ({ ctx, signal }) {
      let last = await systemStatus(ctx.db, ctx.clock, startedAt);
      yield last;
      while (!signal?.aborted) {
        try {
          await sleep(ctx.config.statusIntervalMs, undefined, { signal });
        } catch {
          return; // aborted: the client went away
        }
        const next = await systemStatus(ctx.db, ctx.clock, startedAt);
        if (statusChanged(last, next)) yield next;
        last = next;
      }
    }),
  });
}
