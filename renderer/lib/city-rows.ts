import type { AnnouncementView, AssetView, ReportView, RequestView, ServiceView, TicketView } from '../../core/contract/index.js';
import { ageText, announcementPhase, capital, requestPriorityText, statusColor, words, type Phase } from './city-format.js';

/** One line of a board, whatever the case type: what CityRow draws. */
export interface BoardRow {
  id: string;
  title: string;
  sub: string;
  status: string;
  statusText: string;
  color: string;
  /** Priority (or severity) as a short badge; tone picks its colour. */
  badge: string;
  tone: 'bad' | 'warn' | 'plain' | 'muted';
  /** A duplicate, linked to another case. */
  linked: boolean;
  /** The heading the row sits under (announcements: active, upcoming, past). */
  group?: string;
}

const priorityTone = (p: string): BoardRow['tone'] => (p === 'urgent' || p === 'critical' ? 'bad' : p === 'high' || p === 'warning' ? 'warn' : p === 'low' || p === 'info' ? 'muted' : 'plain');
const NO_POINT = 'needs a location';
/** The address, else the point; a request imported with an address only and no point says it needs one. */
const place = (r: { address: string | null; lat: number | null; lon: number | null }) => {
  const point = r.lat === null || r.lon === null ? null : `${r.lat.toFixed(5)}, ${r.lon.toFixed(5)}`;
  return point === null ? `${r.address ? `${r.address} · ` : ''}${NO_POINT}` : r.address ?? point;
};

export function requestRow(r: RequestView, services: ServiceView[], now: number): BoardRow {
  const name = services.find((s) => s.code === r.category)?.name ?? r.serviceName ?? r.category;
  return {
    id: r.id, title: r.description ? `${name}: ${r.description}` : name,
    sub: `${r.externalId ? `#${r.externalId} · ` : ''}${place(r)} · ${ageText(r.requestedAt, now)}`,
    status: r.status, statusText: words(r.status), color: statusColor(r.status),
    badge: r.priority === 0 ? '–' : requestPriorityText(r.priority), tone: r.priority >= 4 ? 'bad' : r.priority === 3 ? 'warn' : r.priority === 0 ? 'muted' : 'plain', linked: r.duplicateOf !== null,
  };
}

export function reportRow(r: ReportView, now: number): BoardRow {
  return {
    id: r.id, title: r.title, sub: `${capital(r.reportType)} · ${place(r)} · ${ageText(r.createdAt, now)}`,
    status: r.status, statusText: words(r.status), color: statusColor(r.status), badge: r.priority, tone: priorityTone(r.priority), linked: r.duplicateOf !== null,
  };
}

export function ticketRow(t: TicketView, now: number): BoardRow {
  return {
    id: t.id, title: t.subject,
    sub: `${capital(t.kind)} · ${t.assignee ?? 'unassigned'}${t.link ? ` · ${t.link.label}` : ''} · ${ageText(t.createdAt, now)}`,
    status: t.status, statusText: words(t.status), color: statusColor(t.status), badge: t.priority, tone: priorityTone(t.priority), linked: false,
  };
}

const PHASE_COLOR: Record<Phase, string> = { active: '#3fb950', upcoming: '#4aa3ff', past: '#8b98a5' };
export function announcementRow(a: AnnouncementView, now: number, dateText: (iso: string) => string): BoardRow {
  const phase = announcementPhase(a, now);
  const state = a.status === 'published' ? phase : a.status;
  return {
    id: a.id, title: a.title,
    sub: `${capital(words(a.type))} · ${a.area.type} · ${dateText(a.startsAt)}${a.endsAt ? ` → ${dateText(a.endsAt)}` : ' onwards'}`,
    status: state, statusText: state, color: a.status === 'published' ? PHASE_COLOR[phase] : statusColor(a.status), badge: a.severity, tone: priorityTone(a.severity), linked: false,
    group: PHASE_HEADING[phase],
  };
}

const PHASE_HEADING: Record<Phase, string> = { active: 'Active now', upcoming: 'Upcoming', past: 'Past' };
const PHASE_ORDER: Phase[] = ['active', 'upcoming', 'past'];

/**
 * Announcements under Active now, Upcoming and Past: active ones ending soonest first,
 * upcoming ones starting soonest first, past ones most recent first.
 */
export function announcementRows(list: AnnouncementView[], now: number, dateText: (iso: string) => string): BoardRow[] {
  const end = (a: AnnouncementView) => (a.endsAt ? Date.parse(a.endsAt) : Infinity);
  const key = (a: AnnouncementView, p: Phase) => (p === 'active' ? end(a) : p === 'upcoming' ? Date.parse(a.startsAt) : -Math.min(end(a), a.withdrawnAt ? Date.parse(a.withdrawnAt) : Infinity));
  return list
    .map((a) => ({ a, p: announcementPhase(a, now) }))
    // Two open-ended ones compare as Infinity - Infinity (NaN): equal.
    .sort((x, y) => PHASE_ORDER.indexOf(x.p) - PHASE_ORDER.indexOf(y.p) || key(x.a, x.p) - key(y.a, y.p) || 0)
    .map(({ a }) => announcementRow(a, now, dateText));
}

export function assetRow(a: AssetView): BoardRow {
  return { id: a.id, title: a.name, sub: `${a.lat.toFixed(5)}, ${a.lon.toFixed(5)}`, status: a.type, statusText: a.type, color: '#8b98a5', badge: a.type, tone: 'muted', linked: false };
}

type Facts = [string, string][];
const keep = (rows: [string, string | null | undefined][]): Facts => rows.filter((r): r is [string, string] => r[1] !== null && r[1] !== undefined && r[1] !== '');

/** A request's facts for its detail panel, in reading order. */
export function requestFacts(r: RequestView, services: ServiceView[], time: (iso: string) => string): Facts {
  return keep([
    ['Category', services.find((s) => s.code === r.category)?.name ?? r.serviceName ?? r.category],
    ['Description', r.description],
    ['Location', place(r)],
    ['Priority', requestPriorityText(r.priority)],
    ['External id', r.externalId],
    ['Agency', r.agencyResponsible],
    ['Requested', time(r.requestedAt)],
    ['Expected', r.expectedAt && time(r.expectedAt)],
    ['Closed', r.closedAt && time(r.closedAt)],
    ['Status notes', r.statusNotes],
    ['Attachments', r.attachments.map((a) => a.name).join(', ')],
  ]);
}

export function reportFacts(r: ReportView, time: (iso: string) => string): Facts {
  return keep([
    ['Type', capital(r.reportType)],
    ['Description', r.description],
    ['Location', place(r)],
    ['Landmark', r.landmark],
    ['Priority', r.priority],
    ['Severity', r.severity],
    ['Department', r.assignedDepartment],
    ['Verified', r.isVerified ? 'yes' : 'no'],
    ['Reported', time(r.createdAt)],
    ['Resolved', r.resolvedAt && time(r.resolvedAt)],
  ]);
}

export function ticketFacts(t: TicketView, time: (iso: string) => string): Facts {
  return keep([
    ['Kind', capital(t.kind)],
    ['Description', t.description],
    ['Priority', t.priority],
    ['Assignee', t.assignee ?? 'unassigned'],
    ['About', t.link && `${words(t.link.type)}: ${t.link.label}`],
    ['Resolution', t.resolutionNotes],
    ['Created', `${time(t.createdAt)}${t.createdBy ? ` · ${t.createdBy}` : ''}`],
    ['Resolved', t.resolvedAt && time(t.resolvedAt)],
    ['Closed', t.closedAt && time(t.closedAt)],
  ]);
}
