import { z } from 'zod';
import {
  AnnouncementFilter, AnnouncementInput, AssetInput, AssetType, CoverageInput, DeleteCaseInput, DuplicatesInput, LinkDuplicateInput,
  Open311ExportInput, Open311ImportInput, PlaceRequestInput, ReportDuplicatesInput, ReportFilter, ReportInput, RequestFilter, RequestInput, SetRequestStatusInput, UpdateReportInput, WithdrawInput,
} from '../contract/index.js';
import { coalesced } from '../fleet/feed.js';
import { access, router } from '../trpc.js';
import { createAnnouncement, listAnnouncements, publishAnnouncement, withdrawAnnouncement } from './announcements.js';
import { createAsset, listAssets } from './assets.js';
import { updateAnnouncement, UpdateAnnouncementInput, updateAsset, UpdateAssetInput } from './edits.js';
import { announcementCoverage } from './coverage.js';
import { duplicatesFor, linkDuplicate } from './duplicates.js';
import { placeRequest } from './locate.js';
import { exportOpen311, exportOpen311Files, importOpen311, previewOpen311 } from './open311.js';
import { listReports, publicReport, reportDetail } from './report-queries.js';
import { createReport, updateReport } from './reports.js';
import { listRequests, requestDetail } from './request-queries.js';
import { createRequest, deleteRequest, requestContact, setRequestStatus } from './requests.js';
import { listServices } from './services.js';
import { mustSee, siteScope } from '../org/site-access.js';

/** A case's detail, if the caller may see its site. */
const seen = <T extends { request: { siteId: string } } | { report: { siteId: string } }>(ctx: { sites?: ReadonlySet<string> | null }, d: T, what: string): T =>
  (mustSee(ctx, 'request' in d ? d.request : d.report, what), d);

const id = z.string().uuid();
const Changed = z.object({ requests: z.array(z.string()), reports: z.array(z.string()), announcements: z.array(z.string()), assets: z.array(z.string()) });
type Changed = z.infer<typeof Changed>;
const PLURAL = { request: 'requests', report: 'reports', announcement: 'announcements', asset: 'assets' } as const;

export const cityRouter = router({
  services: access('city:read').input(z.object({ siteId: id })).query(({ ctx, input }) => listServices(ctx.db, input.siteId)),

  requests: access('city:read').input(RequestFilter).query(({ ctx, input }) => listRequests(ctx.db, { ...input, sites: siteScope(ctx, input.siteId) })),
  request: access('city:read').input(z.object({ id })).query(async ({ ctx, input }) => seen(ctx, await requestDetail(ctx.db, input.id), 'request')),
  createRequest: access('city:manage').input(RequestInput).mutation(({ ctx, input }) => createRequest(ctx, input)),
  setRequestStatus: access('city:manage').input(SetRequestStatusInput).mutation(({ ctx, input }) => setRequestStatus(ctx, input)),
  /** Gives a request its point (one imported with an address only) or corrects it; audited. */
  placeRequest: access('city:manage').input(PlaceRequestInput).mutation(({ ctx, input }) => placeRequest(ctx, input)),
  deleteRequest: access('city:manage').input(DeleteCaseInput).mutation(({ ctx, input }) => deleteRequest(ctx, input)),
  /** The citizen's name, email and phone; each read is audited. */
  requestContact: access('city:manage').input(z.object({ id })).query(({ ctx, input }) => requestContact(ctx, input.id)),
  reportContact: access('city:manage').input(z.object({ id })).query(({ ctx, input }) => requestContact(ctx, input.id, 'report')),
  duplicatesFor: access('city:read').input(DuplicatesInput).query(({ ctx, input }) => duplicatesFor(ctx.db, 'service_request', input, ctx.clock.now())),
  linkDuplicate: access('city:manage').input(LinkDuplicateInput).mutation(async ({ ctx, input }) => {
    await linkDuplicate(ctx, 'service_request', input);
    return requestDetail(ctx.db, input.id);
  }),

  reports: access('city:read').input(ReportFilter).query(({ ctx, input }) => listReports(ctx.db, { ...input, sites: siteScope(ctx, input.siteId) })),
  report: access('city:read').input(z.object({ id })).query(async ({ ctx, input }) => seen(ctx, await reportDetail(ctx.db, input.id), 'report')),
  /** The report as the public sees it: public timeline entries only. */
  publicReport: access('city:read').input(z.object({ id })).query(({ ctx, input }) => publicReport(ctx.db, input.id)),
  createReport: access('city:manage').input(ReportInput).mutation(({ ctx, input }) => createReport(ctx, input)),
  updateReport: access('city:manage').input(UpdateReportInput).mutation(({ ctx, input }) => updateReport(ctx, input)),
  reportDuplicatesFor: access('city:read').input(ReportDuplicatesInput).query(({ ctx, input }) =>
    duplicatesFor(ctx.db, 'report', { ...input, category: input.reportType }, ctx.clock.now())),
  linkReport: access('city:manage').input(LinkDuplicateInput).mutation(async ({ ctx, input }) => {
    await linkDuplicate(ctx, 'report', input);
    return reportDetail(ctx.db, input.id);
  }),

  announcements: access('city:read').input(AnnouncementFilter).query(({ ctx, input }) => listAnnouncements(ctx.db, ctx.clock.now(), { ...input, sites: siteScope(ctx, input.siteId) })),
  createAnnouncement: access('city:manage').input(AnnouncementInput).mutation(({ ctx, input }) => createAnnouncement(ctx, input)),
  /** Resources, vehicles and open cases inside an area, before it is published. */
  announcementCoverage: access('city:read').input(CoverageInput).query(({ ctx, input }) => announcementCoverage(ctx.db, input.siteId, input.area)),
  /** A draft or a published announcement, edited from the copy loaded at `loadedAt`. */
  updateAnnouncement: access('city:manage').input(UpdateAnnouncementInput).mutation(({ ctx, input }) => updateAnnouncement(ctx, input)),
  publishAnnouncement: access('city:manage').input(z.object({ id })).mutation(({ ctx, input }) => publishAnnouncement(ctx, input.id)),
  withdrawAnnouncement: access('city:manage').input(WithdrawInput).mutation(({ ctx, input }) => withdrawAnnouncement(ctx, input)),

  assets: access('city:read').input(z.object({ siteId: id, types: z.array(AssetType).optional() })).query(({ ctx, input }) => listAssets(ctx.db, input)),
  updateAsset: access('city:manage').input(UpdateAssetInput).mutation(({ ctx, input }) => updateAsset(ctx, input)),
  createAsset: access('city:manage').input(AssetInput).mutation(({ ctx, input }) => createAsset(ctx, input)),

  /** What an import would do, record by record; nothing is written. A mutation, since the files travel in it. */
  previewOpen311: access('city:manage').input(Open311ImportInput).mutation(({ ctx, input }) => previewOpen311(ctx, input)),
  importOpen311: access('city:manage').input(Open311ImportInput).mutation(({ ctx, input }) => importOpen311(ctx, input)),
  exportOpen311: access('city:read').input(z.object({ siteId: id })).query(({ ctx, input }) => exportOpen311(ctx, input.siteId)),
  /** The same as GeoReport v2 files (services, service definitions, requests) in JSON or XML. */
  exportOpen311Files: access('city:read').input(Open311ExportInput).query(({ ctx, input }) => exportOpen311Files(ctx, input)),

  /** Which requests, reports, announcements and assets changed (at most 5 times a second); views reload what they show. */
  onChanged: access('city:read').input(z.void()).subscription(({ ctx, signal }) =>
    coalesced<'city.changed', Changed>({
      bus: ctx.bus, event: 'city.changed', key: (e) => `${e.kind}:${e.id}`, signal, intervalMs: 200,
      snapshot: () => ({ requests: [], reports: [], announcements: [], assets: [] }),
      delta: (changed) => {
        const out: Changed = { requests: [], reports: [], announcements: [], assets: [] };
        for (const c of changed) out[PLURAL[c.kind]].push(c.id);
        return out;
      },
    })),
});
