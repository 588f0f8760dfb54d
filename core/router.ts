import { auditRouter } from './audit/router.js';
import { backupRouter } from './backup/router.js';
import { retentionRouter } from './retention/router.js';
import { basemapsRouter } from './basemaps/router.js';
import { fleetRouter } from './fleet/router.js';
import { vehiclesRouter } from './fleet/upkeep-router.js';
import { fieldRouter } from './field/router.js';
import { fieldSyncRouter } from './field/central-router.js';
import { mapRouter } from './map/router.js';
import { missionsRouter } from './missions/router.js';
import { opsRouter } from './ops/router.js';
import { staffRouter } from './ops/staff-router.js';
import { casesRouter } from './cases/router.js';
import { cityRouter } from './city/router.js';
import { ticketsRouter } from './tickets/router.js';
import { authRouter, iamRouter } from './iam/router.js';
import { orgRouter } from './org/router.js';
import { presenceRouter } from './presence/router.js';
import { replayRouter } from './replay/router.js';
import { residentsRouter } from './residents/router.js';
import { reportsRouter } from './reports/router.js';
import { systemRouter } from './system/router.js';
import { transferRouter } from './transfer/router.js';
import { router } from './trpc.js';

export function appRouter(startedAt: Date) {
  return router({
    system: systemRouter(startedAt),
    auth: authRouter,
    iam: iamRouter,
    org: orgRouter,
    audit: auditRouter(),
    backup: backupRouter,
    retention: retentionRouter,
    fleet: fleetRouter,
    vehicles: vehiclesRouter,
    field: fieldRouter,
    fieldSync: fieldSyncRouter,
    missions: missionsRouter,
    residents: residentsRouter,
    ops: opsRouter,
    staff: staffRouter,
    cases: casesRouter,
    map: mapRouter,
    basemaps: basemapsRouter,
    city: cityRouter,
    tickets: ticketsRouter,
    presence: presenceRouter,
    replay: replayRouter,
    reports: reportsRouter,
    transfer: transferRouter(),
  });
}
export type AppRouter = ReturnType<typeof appRouter>;
