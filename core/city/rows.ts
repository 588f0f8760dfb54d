// Service request and public report rows as the views show them.
import type { Queryable } from '../../db/index.js';
import type { Attachment, CasePriority, ReportSeverity, ReportStatus, ReportType, ReportView, RequestStatus, RequestView } from '../contract/index.js';
import type { Words } from '../errors.js';

const iso = (d: Date | null) => d?.toISOString() ?? null;

export interface RequestRow {
  id: string; site_id: string; category: string; service_name: string; external_id: string | null; description: string;
  lat: number | null; lon: number | null; address: string | null; address_id: string | null; zipcode: string | null; status: RequestStatus; status_notes: string | null; priority: number;
  agency_responsible: string | null; service_notice: string | null; contact_enc: string | null; attachments: Attachment[];
  duplicate_of: string | null; requested_at: Date; expected_at: Date | null; closed_at: Date | null; updated_at: Date; version: number;
}

export const REQUEST_SELECT = `
  SELECT r.id, r.site_id, r.category, s.service_name, r.external_id, r.description, r.lat, r.lon, r.address, r.address_id, r.zipcode, r.status, r.status_notes,
    r.priority, r.agency_responsible, r.service_notice, r.contact_enc, r.attachments, r.duplicate_of, r.requested_at, r.expected_at,
    r.closed_at, r.updated_at, r.version
  FROM city.service_requests r JOIN city.services s ON s.site_id = r.site_id AND s.service_code = r.category`;

export function requestView(r: RequestRow): RequestView {
  return {
    id: r.id, siteId: r.site_id, category: r.category, serviceName: r.service_name, externalId: r.external_id, description: r.description,
    lat: r.lat, lon: r.lon, address: r.address, addressId: r.address_id, zipcode: r.zipcode, status: r.status, statusNotes: r.status_notes, priority: r.priority,
    agencyResponsible: r.agency_responsible, attachments: r.attachments, duplicateOf: r.duplicate_of, hasContact: r.contact_enc !== null,
    requestedAt: r.requested_at.toISOString(), expectedAt: iso(r.expected_at), closedAt: iso(r.closed_at), updatedAt: r.updated_at.toISOString(), version: r.version,
  };
}

/** A live (not deleted) request; `lock` holds it for the rest of the transaction. */
export async function requestById(db: Queryable, id: string, lock = false): Promise<RequestRow | undefined> {
  if (lock) await db.query('SELECT 1 FROM city.service_requests WHERE id = $1 FOR UPDATE', [id]);
  const [row] = await db.query<RequestRow>(`${REQUEST_SELECT} WHERE r.id = $1 AND r.deleted_at IS NULL`, [id]);
  return row;
}

export interface ReportRow {
  id: string; site_id: string; report_type: ReportType; title: string; description: string; lat: number; lon: number; address: string | null;
  landmark: string | null; status: ReportStatus; priority: CasePriority; severity: ReportSeverity | null; assigned_department: string | null;
  reporter_enc: string | null; duplicate_of: string | null; is_verified: boolean; resolved_at: Date | null; created_at: Date; updated_at: Date; version: number;
}

export function reportView(r: ReportRow): ReportView {
  return {
    id: r.id, siteId: r.site_id, reportType: r.report_type, title: r.title, description: r.description, lat: r.lat, lon: r.lon,
    address: r.address, landmark: r.landmark, status: r.status, priority: r.priority, severity: r.severity,
    assignedDepartment: r.assigned_department, duplicateOf: r.duplicate_of, isVerified: r.is_verified, hasReporter: r.reporter_enc !== null,
    resolvedAt: iso(r.resolved_at), createdAt: r.created_at.toISOString(), updatedAt: r.updated_at.toISOString(), version: r.version,
  };
}

export async function reportById(db: Queryable, id: string, lock = false): Promise<ReportRow | undefined> {
  const [row] = await db.query<ReportRow>(`SELECT * FROM city.public_reports WHERE id = $1 AND deleted_at IS NULL${lock ? ' FOR UPDATE' : ''}`, [id]);
  return row;
}

/** `50%_off` → `%50\%\_off%`: what a person typed, matched literally anywhere. */
export const likePattern = (s: string) => `%${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** A refused status change as a sentence naming where it can go instead (a refusal's code and parameters). */
export function refusedMove(what: string, from: string, to: string, allowed: readonly string[]): Words {
  const human = (s: string) => s.replace(/_/g, ' ');
  const params = { what, from: human(from), to: human(to) };
  return allowed.length
    ? { code: 'cases.cannotMove', params: { ...params, next: allowed.map(human).join(' or ') } }
    : { code: 'cases.cannotMoveFinal', params };
}
