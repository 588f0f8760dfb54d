import type { CasePriority, ReportFilter, ReportStatus, ReportType, RequestFilter, RequestStatus, TicketFilter, TicketStatus } from '../../core/contract/index.js';
import type { CityTab } from './city-format.js';

// A board's filter as the server query it becomes, and what the server cannot filter
// (the priority of requests and reports) applied to the rows it sends.

export interface BoardFilter {
  status: string;
  /** Request category (service code), report type or announcement phase; unused for tickets. */
  category: string;
  priority: string;
  search: string;
}
export const emptyBoardFilter = (): BoardFilter => ({ status: '', category: '', priority: '', search: '' });

const text = (s: string) => (s.trim() ? s.trim() : undefined);

/** The requests board's extra "status": those without a point (imported with an address only). */
export const NEEDS_LOCATION = 'needs_location';

export function requestQuery(f: BoardFilter, siteId: string): RequestFilter {
  const status = f.status === NEEDS_LOCATION ? { needsLocation: true } : f.status ? { statuses: [f.status as RequestStatus] } : {};
  return { siteId, limit: 500, ...status, ...(f.category ? { category: f.category } : {}), ...(text(f.search) ? { search: text(f.search) } : {}) };
}

export function reportQuery(f: BoardFilter, siteId: string): ReportFilter {
  return { siteId, limit: 500, ...(f.status ? { statuses: [f.status as ReportStatus] } : {}), ...(f.category ? { reportType: f.category as ReportType } : {}), ...(text(f.search) ? { search: text(f.search) } : {}) };
}

export function ticketQuery(f: BoardFilter, siteId: string): TicketFilter {
  return { siteId, limit: 500, ...(f.status ? { statuses: [f.status as TicketStatus] } : {}), ...(f.priority ? { priorities: [f.priority as CasePriority] } : {}), ...(text(f.search) ? { search: text(f.search) } : {}) };
}

/** Rows the server sent, narrowed by what it has no filter for. Request priority is a number 0–5 as text. */
export function byPriority<T extends { priority: number | string }>(rows: T[], priority: string): T[] {
  return priority === '' ? rows : rows.filter((r) => String(r.priority) === priority);
}

/** Search on a list that the server sends whole (announcements, assets): every word must appear. */
export function matches(fields: (string | null | undefined)[], search: string): boolean {
  const words = search.toLowerCase().split(/\s+/).filter(Boolean);
  const hay = fields.filter(Boolean).join(' ').toLowerCase();
  return words.every((w) => hay.includes(w));
}

/** Whether a tab's filter is searched on the server (pg_trgm) or in the rows already here. */
export const serverSearch = (tab: CityTab) => tab === 'requests' || tab === 'reports' || tab === 'tickets';
