import { orgRouter } from './org/router.js';
import { systemRouter } from './system/router.js';
import { router } from './trpc.js';

export function appRouter(startedAt: Date) {
  return router({
    system: systemRouter(startedAt),
    org: orgRouter,
  });
}
export type AppRouter = ReturnType<typeof appRouter>;
