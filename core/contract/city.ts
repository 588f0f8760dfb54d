import { z } from 'zod';
import { coded, own } from './errors/index.js';
import { Area, haversineM } from './area.js';
import { ReportStatus, RequestStatus, TicketStatus, type CaseEvent } from './cases.js';
import { Bbox } from './layers.js';
import { personal, withPersonal } from './personal.js';

// City operations (311 service requests, public reports, announcements, assets) and
// tickets: what the renderer sends and what it gets back.

const id = z.string().uuid();
const Lat = z.number().min(-90, own('input.latitude')).max(90, own('input.latitude'));
const Lon = z.number().min(-180, own('input.longitude')).max(180, own('input.longitude'));
const text = (max: number) => z.string().trim().max(max);
const optionalText = (max: number) => text(max).optional();

// Duplicates ------------------------------------------------------------------------

/** A new case is a possible duplicate of one of the same category this close… */
export const DUPLICATE_RADIUS_M = 50;
/** …reported at most this many days before it. */
export const DUPLICATE_WINDOW_DAYS = 30;

export interface DuplicateProbe { category: string; lat: number; lon: number; at: Date | string }

/** The rule the database query applies, for one pair: same category, within 50 m, within 30 days. */
export function isDuplicateCandidate(fresh: DuplicateProbe, earlier: DuplicateProbe & { deleted?: boolean }): boolean {
  if (earlier.deleted || fresh.category !== earlier.category) return false;
  const age = new Date(fresh.at).getTime() - new Date(earlier.at).getTime();
  if (age > DUPLICATE_WINDOW_DAYS * 86_400_000) return false;
  return haversineM(fresh, earlier) <= DUPLICATE_RADIUS_M;
}

export interface DuplicateSuggestion {
  id: string;
  label: string;
  status: string;
  distanceM: number;
  at: string;
}

export const DuplicatesInput = z.object({
  siteId: id, category: z.string().min(1), lat: Lat, lon: Lon,
  /** Leave this case out (when asking about one that exists). */
  excludeId: id.optional(),
});
export type DuplicatesInput = z.infer<typeof DuplicatesInput>;
export const LinkDuplicateInput = z.object({ id, duplicateOf: id });
export type LinkDuplicateInput = z.infer<typeof LinkDuplicateInput>;

// Service requests (311) ------------------------------------------------------------

export const ServiceCode = z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, own('input.serviceCode'));
export interface ServiceView { code: string; name: string; description: string | null; group: string | null; keywords: string[]; type: 'realtime' | 'batch' | 'blackbox' }

/** The citizen's contact: personal data, stored encrypted, read only with city:manage. */
export const Contact = z.object({
  name: optionalText(200),
  email: z.string().trim().email(own('input.contactEmail')).max(254).optional(),
  phone: z.string().trim().regex(/^\+?[0-9 ()./-]{3,40}$/, own('input.contactPhone')).optional(),
});
export type Contact = z.infer<typeof Contact>;

export const Attachment = z.object({
  name: z.string().trim().min(1, own('input.attachmentName')).max(255),
  mimeType: z.string().regex(/^[\w.+-]+\/[\w.+-]+$/, own('input.attachmentType')),
  bytes: z.number().int().min(0, own('input.attachmentSize')).max(1_000_000_000),
  // Shown as a link: only web addresses, never javascript:, data: or file: ones that would run or read on a click.
  url: z.string().url(own('input.attachmentUrl')).refine((u) => /^https?:\/\//i.test(u.trim()), own('input.attachmentHttp')),
});
export type Attachment = z.infer<typeof Attachment>;

export const RequestPriority = z.number().int().min(0, own('input.requestPriority')).max(5, own('input.requestPriority'));

export const RequestInput = withPersonal(z.object({
  siteId: id,
  category: z.string().min(1, own('input.category')),
  description: text(10_000).default(''),
  lat: Lat,
  lon: Lon,
  address: personal(optionalText(500)),
  priority: RequestPriority.default(0),
  externalId: z.string().trim().min(1).max(100).optional(),
  agencyResponsible: optionalText(200),
  contact: personal(Contact.optional()),
  attachments: z.array(Attachment).max(20, own('input.attachments')).default([]),
  /** The person confirmed a location further than the site's radius from the site. */
  confirmFar: z.boolean().optional(),
}));
export type RequestInput = z.input<typeof RequestInput>;

export interface RequestView {
  id: string; siteId: string; category: string; serviceName: string; externalId: string | null; description: string;
  /** Null for a request that came with an address only: it "needs a location" until someone places it. */
  lat: number | null; lon: number | null; address: string | null; addressId: string | null; zipcode: string | null;
  status: RequestStatus; statusNotes: string | null; priority: number;
  agencyResponsible: string | null; attachments: Attachment[]; duplicateOf: string | null; hasContact: boolean;
  requestedAt: string; expectedAt: string | null; closedAt: string | null; updatedAt: string; version: number;
}

export const RequestFilter = z.object({
  siteId: id.optional(),
  statuses: z.array(RequestStatus).optional(),
  category: z.string().optional(),
  search: z.string().trim().max(200).optional(),
  bbox: Bbox.optional(),
  /** Only the requests without a point (address only), to be placed. */
  needsLocation: z.boolean().optional(),
  limit: z.number().int().min(1).max(1000).default(200),
});
export type RequestFilter = z.input<typeof RequestFilter>;

const publicMessage = optionalText(5000);
const internalNote = optionalText(5000);

export const SetRequestStatusInput = z.object({
  id, status: RequestStatus, version: z.number().int().optional(),
  /** Shown to the citizen (and exported as Open311 status_notes). */
  publicMessage,
  /** Staff only; never exported. */
  internalNote,
});
export type SetRequestStatusInput = z.infer<typeof SetRequestStatusInput>;
export const Reason = z.string().trim().min(3, own('input.reason')).max(500);
export const DeleteCaseInput = z.object({ id, reason: Reason });

// Public reports --------------------------------------------------------------------

export const ReportType = z.enum(['road', 'sewage', 'lighting', 'parks', 'waste', 'water', 'other']);
export type ReportType = z.infer<typeof ReportType>;
export const CasePriority = z.enum(['low', 'medium', 'high', 'urgent']);
export type CasePriority = z.infer<typeof CasePriority>;
export const ReportSeverity = z.enum(['minor', 'moderate', 'severe', 'critical']);
export type ReportSeverity = z.infer<typeof ReportSeverity>;

export const ReportInput = withPersonal(z.object({
  siteId: id,
  reportType: ReportType,
  title: z.string().trim().min(1, own('input.reportTitle')).max(255),
  description: text(10_000),
  lat: Lat,
  lon: Lon,
  address: personal(optionalText(500)),
  landmark: optionalText(200),
  priority: CasePriority.default('medium'),
  severity: ReportSeverity.optional(),
  reporter: personal(Contact.optional()),
  /** The person confirmed a location further than the site's radius from the site. */
  confirmFar: z.boolean().optional(),
}));
export type ReportInput = z.input<typeof ReportInput>;

export interface ReportView {
  id: string; siteId: string; reportType: ReportType; title: string; description: string; lat: number; lon: number;
  address: string | null; landmark: string | null; status: ReportStatus; priority: CasePriority; severity: ReportSeverity | null;
  assignedDepartment: string | null; duplicateOf: string | null; isVerified: boolean; hasReporter: boolean;
  resolvedAt: string | null; createdAt: string; updatedAt: string; version: number;
}

/** What anyone may see of a report: no reporter, no internal notes. */
export interface PublicReportView {
  id: string; reportType: ReportType; title: string; description: string; lat: number; lon: number; address: string | null;
  status: ReportStatus; createdAt: string; updatedAt: string; updates: CaseEvent[];
}

export const ReportFilter = z.object({
  siteId: id.optional(),
  statuses: z.array(ReportStatus).optional(),
  reportType: ReportType.optional(),
  search: z.string().trim().max(200).optional(),
  bbox: Bbox.optional(),
  limit: z.number().int().min(1).max(1000).default(200),
});
export type ReportFilter = z.input<typeof ReportFilter>;

/** A status change and/or a message to the public and/or notes for staff. */
export const UpdateReportInput = z.object({
  id, version: z.number().int().optional(), status: ReportStatus.optional(), assignedDepartment: optionalText(200),
  publicMessage, internalNote,
}).refine((u) => u.status || u.publicMessage || u.internalNote || u.assignedDepartment, coded('city.reportUpdateEmpty'));
export type UpdateReportInput = z.infer<typeof UpdateReportInput>;

export const ReportDuplicatesInput = DuplicatesInput.omit({ category: true }).extend({ reportType: ReportType });

// Announcements ---------------------------------------------------------------------

export const AnnouncementType = z.enum(['road_closure', 'maintenance', 'warning', 'information', 'emergency']);
export type AnnouncementType = z.infer<typeof AnnouncementType>;
export const AnnouncementSeverity = z.enum(['info', 'warning', 'critical']);
export type AnnouncementSeverity = z.infer<typeof AnnouncementSeverity>;
export const AnnouncementStatus = z.enum(['draft', 'published', 'withdrawn']);
export type AnnouncementStatus = z.infer<typeof AnnouncementStatus>;

export const AnnouncementInput = z.object({
  siteId: id,
  title: z.string().trim().min(1, own('input.announcementTitle')).max(255),
  description: text(10_000).default(''),
  type: AnnouncementType,
  severity: AnnouncementSeverity.default('info'),
  area: Area,
  startsAt: z.string().datetime({ offset: true, message: own('input.startsAt') }),
  endsAt: z.string().datetime({ offset: true, message: own('input.endsAt') }).nullable().optional(),
}).refine((a) => !a.endsAt || Date.parse(a.endsAt) > Date.parse(a.startsAt), { path: ['endsAt'], ...coded('city.announcementEndsFirst') });
export type AnnouncementInput = z.input<typeof AnnouncementInput>;

export interface AnnouncementView {
  id: string; siteId: string; title: string; description: string; type: AnnouncementType; severity: AnnouncementSeverity;
  area: Area; bounds: Bbox; startsAt: string; endsAt: string | null; status: AnnouncementStatus; publishedAt: string | null;
  withdrawnAt: string | null; withdrawReason: string | null;
  /** Published and now between its start and end. */
  active: boolean; createdAt: string; updatedAt: string;
}

export const AnnouncementFilter = z.object({ siteId: id.optional(), statuses: z.array(AnnouncementStatus).optional(), activeOnly: z.boolean().default(false) });
export const WithdrawInput = z.object({ id, reason: Reason });
export const CoverageInput = z.object({ siteId: id, area: Area });
export type CoverageInput = z.infer<typeof CoverageInput>;

/** What falls inside an area, for the operator to see before publishing. */
export interface Coverage {
  resources: Array<{ id: string; name: string; type: string; status: string; lat: number; lon: number }>;
  vehicles: Array<{ id: string; name: string; status: string; lat: number; lon: number }>;
  cases: Array<{ caseType: 'incident' | 'service_request' | 'report'; id: string; label: string; status: string; lat: number; lon: number }>;
}

// Assets ----------------------------------------------------------------------------

export const AssetType = z.enum(['park', 'vehicle', 'sensor', 'facility']);
export type AssetType = z.infer<typeof AssetType>;
export const AssetInput = z.object({
  siteId: id, type: AssetType, name: z.string().trim().min(1, own('input.assetName')).max(200), lat: Lat, lon: Lon,
  vehicleId: id.optional(), sensorId: id.optional(), metadata: z.record(z.string(), z.unknown()).default({}),
});
export type AssetInput = z.input<typeof AssetInput>;
export interface AssetView {
  id: string; siteId: string; type: AssetType; name: string; lat: number; lon: number;
  vehicleId: string | null; sensorId: string | null; metadata: Record<string, unknown>; createdAt: string;
  /** For stale-write checks on an edit. */
  updatedAt: string;
}

// Open311 GeoReport v2 --------------------------------------------------------------

export interface Open311Service {
  service_code: string; service_name: string; description: string | null; metadata: boolean;
  type: 'realtime' | 'batch' | 'blackbox'; keywords: string | null; group: string | null;
}
export interface Open311AttributeValue { key: string | number; name: string }
export interface Open311Attribute {
  variable: boolean; code: string; datatype: 'string' | 'number' | 'datetime' | 'text' | 'singlevaluelist' | 'multivaluelist';
  required: boolean; datatype_description: string | null; order: number; description: string; values?: Open311AttributeValue[];
}
export interface Open311Definition { service_code: string; attributes: Open311Attribute[] }
export interface Open311Request {
  service_request_id: string | number; status: 'open' | 'closed'; status_notes: string | null; service_name: string | null;
  service_code: string; description: string | null; agency_responsible: string | null; service_notice: string | null;
  requested_datetime: string; updated_datetime: string | null; expected_datetime: string | null;
  address: string | null; address_id: string | number | null; zipcode: string | number | null;
  lat: number | null; long: number | null; media_url: string | null;
}
export const Open311Format = z.enum(['json', 'xml']);
export type Open311Format = z.infer<typeof Open311Format>;
/**
 * The largest call a browser may send: the host closes a WebSocket on a larger message
 * (core/host/server.ts, `maxPayload`), so the renderer says so before sending.
 */
export const BROWSER_CALL_MAX_BYTES = 1 << 20;
/** A GeoReport v2 file as the user picked it (JSON or XML; the kind is read from its content). */
export const Open311File = z.object({
  name: z.string().max(255),
  text: z.string().max(64 * 1024 * 1024, own('input.open311File')),
});
/**
 * Files, or records already read (each checked in core, so a refusal can name its index).
 * `choice`: 'all' writes everything or nothing; 'good' writes the records that pass and
 * leaves the refused ones out. A suspect location is written only when its request's id
 * is in `confirm`.
 */
export const Open311ImportInput = z.object({
  siteId: id,
  files: z.array(Open311File).max(20).default([]),
  services: z.array(z.unknown()).max(1000).default([]),
  definitions: z.array(z.unknown()).max(1000).default([]),
  requests: z.array(z.unknown()).max(100_000).default([]),
  choice: z.enum(['all', 'good']).default('all'),
  confirm: z.array(z.string().max(100)).max(100_000).default([]),
});
export type Open311ImportInput = z.input<typeof Open311ImportInput>;
export type Open311Choice = 'all' | 'good';
export type Open311RecordKind = 'service' | 'definition' | 'request';
export type Open311RecordState = 'new' | 'changed' | 'unchanged' | 'refused';
export interface Open311PreviewRecord {
  kind: Open311RecordKind; index: number; key: string; state: Open311RecordState; reason: string | null;
  /** Why the location looks wrong (0,0, or too far from the site); imported only when confirmed. */
  suspect: string | null; needsLocation: boolean;
}
export interface Open311Counts { new: number; changed: number; unchanged: number; refused: number }
export interface Open311Preview {
  files: Array<{ name: string; format: Open311Format; kind: 'services' | 'definitions' | 'requests'; records: number }>;
  records: Open311PreviewRecord[];
  counts: Record<Open311RecordKind, Open311Counts> & { suspect: number; needsLocation: number };
}
export interface Open311ImportResult {
  choice: Open311Choice;
  counts: Record<Open311RecordKind, Open311Counts> & { suspect: number; suspectSkipped: number; needsLocation: number };
}
export interface Open311Export { services: Open311Service[]; definitions: Open311Definition[]; requests: Open311Request[] }
export const Open311ExportInput = z.object({ siteId: id, format: Open311Format.default('json') });
export type Open311ExportInput = z.input<typeof Open311ExportInput>;
/** The export as files: services, service definitions and requests, each in the chosen format. */
export interface Open311ExportFiles { format: Open311Format; files: Array<{ kind: 'services' | 'definitions' | 'requests'; text: string; records: number }> }

/** Places a request that came with an address only (or moves one); audited. */
export const PlaceRequestInput = z.object({ id, lat: Lat, lon: Lon, version: z.number().int().optional() });
export type PlaceRequestInput = z.infer<typeof PlaceRequestInput>;

// Tickets ---------------------------------------------------------------------------

export const TicketKind = z.enum(['maintenance', 'support']);
export const TicketLinkType = z.enum(['vehicle', 'asset', 'incident', 'service_request', 'report']);
export type TicketLinkType = z.infer<typeof TicketLinkType>;

export const TicketInput = z.object({
  siteId: id,
  kind: TicketKind.default('maintenance'),
  subject: z.string().trim().min(1, own('input.ticketSubject')).max(255),
  description: text(10_000),
  priority: CasePriority.default('medium'),
  assigneeId: id.optional(),
  link: z.object({ type: TicketLinkType, id }).optional(),
});
export type TicketInput = z.input<typeof TicketInput>;

export interface TicketView {
  id: string; siteId: string; kind: z.infer<typeof TicketKind>; subject: string; description: string; status: TicketStatus;
  priority: CasePriority; assigneeId: string | null; assignee: string | null; resolutionNotes: string | null;
  link: { type: TicketLinkType; id: string; label: string } | null; createdBy: string | null;
  createdAt: string; updatedAt: string; resolvedAt: string | null; closedAt: string | null; version: number;
}

export const TicketFilter = z.object({
  siteId: id.optional(), statuses: z.array(TicketStatus).optional(), priorities: z.array(CasePriority).optional(),
  assigneeId: id.optional(), search: z.string().trim().max(200).optional(), limit: z.number().int().min(1).max(1000).default(200),
});
export type TicketFilter = z.input<typeof TicketFilter>;

export const SetTicketStatusInput = z.object({
  id, status: TicketStatus, version: z.number().int().optional(),
  /** Needed to resolve or close (kept from before when already given). */
  resolutionNotes: optionalText(5000),
  comment: optionalText(5000),
});
export type SetTicketStatusInput = z.infer<typeof SetTicketStatusInput>;
export const AssignTicketInput = z.object({ id, assigneeId: id.nullable(), version: z.number().int().optional() });
export type AssignTicketInput = z.infer<typeof AssignTicketInput>;
