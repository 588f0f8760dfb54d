import { CityReportInput, ExportFormat, FleetReportInput, ResponseReportInput, TransportReportInput } from '../contract/index.js';
import { access, router } from '../trpc.js';
import { cityReport } from './city.js';
import { reportFile } from './export.js';
import { fleetReport } from './fleet.js';
import { siteRange } from './range.js';
import { responseReport } from './response.js';
import { transportReport } from './transports.js';

const withFormat = { format: ExportFormat };

/**
 * Each report is read, and exported, with the permission of what it reports on; reports
 * change nothing. `<kind>` answers the report, `<kind>File` the same report as a file.
 */
export const reportsRouter = router({
  response: access('incidents:read').input(ResponseReportInput).query(async ({ ctx, input }) => responseReport(ctx.db, await siteRange(ctx.db, input), input)),
  responseFile: access('incidents:read').input(ResponseReportInput.extend(withFormat))
    .query(async ({ ctx, input }) => reportFile(await responseReport(ctx.db, await siteRange(ctx.db, input), input), input.format)),
  transports: access('missions:read').input(TransportReportInput).query(async ({ ctx, input }) => transportReport(ctx.db, await siteRange(ctx.db, input), input)),
  transportsFile: access('missions:read').input(TransportReportInput.extend(withFormat))
    .query(async ({ ctx, input }) => reportFile(await transportReport(ctx.db, await siteRange(ctx.db, input), input), input.format)),
  fleet: access('fleet:read').input(FleetReportInput).query(async ({ ctx, input }) => fleetReport(ctx.db, await siteRange(ctx.db, input), input)),
  fleetFile: access('fleet:read').input(FleetReportInput.extend(withFormat))
    .query(async ({ ctx, input }) => reportFile(await fleetReport(ctx.db, await siteRange(ctx.db, input), input), input.format)),
  city: access('city:read').input(CityReportInput).query(async ({ ctx, input }) => cityReport(ctx.db, await siteRange(ctx.db, input), input)),
  cityFile: access('city:read').input(CityReportInput.extend(withFormat))
    .query(async ({ ctx, input }) => reportFile(await cityReport(ctx.db, await siteRange(ctx.db, input), input), input.format)),
});
