import { auditRouter } from './audit/router.js';
import { fleetRouter } from './fleet/router.js';
import { mapRouter } from './map/router.js';
import { missionsRouter } from './missions/router.js';
import { opsRouter } from './ops/router.js';
import { casesRouter } from './cases/router.js';
import { cityRouter } from './city/router.js';
import { ticketsRouter } from './tickets/router.js';
import { authRouter, iamRouter } from './iam/router.js';
import { orgRouter } from './org/router.js';
import { systemRouter } from './system/router.js';
import { router } from './trpc.js';

export function appRouter(startedAt: Date) {
  return router({
    system: systemRouter(startedAt),
    auth: authRouter,
    iam: iamRouter,
    org: orgRouter,
    audit: auditRouter(),
    fleet: fleetRouter,
    missions: missionsRouter,
    ops: opsRouter,
    cases: casesRouter,
    map: mapRouter,
    city: cityRouter,
    tickets: ticketsRouter,
  });
}
export type AppRouter = ReturnType<typeof appRouter>;
