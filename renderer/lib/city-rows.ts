import type { AnnouncementView, AssetView, ReportView, RequestView, ServiceView, TicketView } from '../../core/contract/index.js';
import { t, type Key } from '../i18n/i18n.svelte.js';
import { ageText, announcementPhase, capital, enumText, requestPriorityText, statusColor, statusText, type Phase } from './city-format.js';

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
/** The address, else the point; a request imported with an address only and no point says it needs one. */
const place = (r: { address: string | null; lat: number | null; lon: number | null }) => {
  const point = r.lat === null || r.lon === null ? null : `${r.lat.toFixed(5)}, ${r.lon.toFixed(5)}`;
  return point === null ? `${r.address ? `${r.address} · ` : ''}${t('city.row.needsLocation')}` : r.address ?? point;
};

export function requestRow(r: RequestView, services: ServiceView[], now: number): BoardRow {
  const name = services.find((s) => s.code === r.category)?.name ?? r.serviceName ?? r.category;
  return {
    id: r.id, title: r.description ? `${name}: ${r.description}` : name,
    sub: `${r.externalId ? `#${r.externalId} · ` : ''}${place(r)} · ${ageText(r.requestedAt, now)}`,
    status: r.status, statusText: statusText(r.status), color: statusColor(r.status),
    badge: r.priority === 0 ? '–' : requestPriorityText(r.priority), tone: r.priority >= 4 ? 'bad' : r.priority === 3 ? 'warn' : r.priority === 0 ? 'muted' : 'plain', linked: r.duplicateOf !== null,
  };
}

export function reportRow(r: ReportView, now: number): BoardRow {
  return {
    id: r.id, title: r.title, sub: `${capital(enumText('reportType', r.reportType))} · ${place(r)} · ${ageText(r.createdAt, now)}`,
    status: r.status, statusText: statusText(r.status), color: statusColor(r.status), badge: enumText('priority', r.priority), tone: priorityTone(r.priority), linked: r.duplicateOf !== null,
  };
}

export function ticketRow(k: TicketView, now: number): BoardRow {
  return {
    id: k.id, title: k.subject,
    sub: `${capital(enumText('ticketKind', k.kind))} · ${k.assignee ?? t('city.row.unassigned')}${k.link ? ` · ${k.link.label}` : ''} · ${ageText(k.createdAt, now)}`,
    status: k.status, statusText: statusText(k.status), color: statusColor(k.status), badge: enumText('priority', k.priority), tone: priorityTone(k.priority), linked: false,
  };
}

const PHASE_COLOR: Record<Phase, string> = { active: '#3fb950', upcoming: '#4aa3ff', past: '#8b98a5' };
export function announcementRow(a: AnnouncementView, now: number, dateText: (iso: string) => string): BoardRow {
  const phase = announcementPhase(a, now);
  const state = a.status === 'published' ? phase : a.status;
  return {
    id: a.id, title: a.title,
    sub: `${capital(enumText('announcementType', a.type))} · ${enumText('shape', a.area.type)} · ${a.endsAt ? t('city.row.span', { start: dateText(a.startsAt), end: dateText(a.endsAt) }) : t('city.row.onwards', { start: dateText(a.startsAt) })}`,
    status: state, statusText: statusText(state), color: a.status === 'published' ? PHASE_COLOR[phase] : statusColor(a.status), badge: enumText('severity', a.severity), tone: priorityTone(a.severity), linked: false,
    group: t(PHASE_HEADING[phase]),
  };
}

const PHASE_HEADING: Record<Phase, Key> = { active: 'city.group.active', upcoming: 'city.group.upcoming', past: 'city.group.past' };
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
  const type = enumText('assetType', a.type);
  return { id: a.id, title: a.name, sub: `${a.lat.toFixed(5)}, ${a.lon.toFixed(5)}`, status: a.type, statusText: type, color: '#8b98a5', badge: type, tone: 'muted', linked: false };
}

type Facts = [string, string][];
/** The facts that are known, each labelled in the operator's language. */
const keep = (rows: [Key, string | null | undefined][]): Facts =>
  rows.filter((r): r is [Key, string] => r[1] !== null && r[1] !== undefined && r[1] !== '').map(([k, v]) => [t(k), v]);

/** A request's facts for its detail panel, in reading order. */
export function requestFacts(r: RequestView, services: ServiceView[], time: (iso: string) => string): Facts {
  return keep([
    ['city.facts.category', services.find((s) => s.code === r.category)?.name ?? r.serviceName ?? r.category],
    ['city.facts.description', r.description],
    ['city.facts.location', place(r)],
    ['city.facts.priority', requestPriorityText(r.priority)],
    ['city.facts.externalId', r.externalId],
    ['city.facts.agency', r.agencyResponsible],
    ['city.facts.requested', time(r.requestedAt)],
    ['city.facts.expected', r.expectedAt && time(r.expectedAt)],
    ['city.facts.closed', r.closedAt && time(r.closedAt)],
    ['city.facts.statusNotes', r.statusNotes],
    ['city.facts.attachments', r.attachments.map((a) => a.name).join(', ')],
  ]);
}

export function reportFacts(r: ReportView, time: (iso: string) => string): Facts {
  return keep([
    ['city.facts.type', capital(enumText('reportType', r.reportType))],
    ['city.facts.description', r.description],
    ['city.facts.location', place(r)],
    ['city.facts.landmark', r.landmark],
    ['city.facts.priority', enumText('priority', r.priority)],
    ['city.facts.severity', r.severity && enumText('severity', r.severity)],
    ['city.facts.department', r.assignedDepartment],
    ['city.facts.verified', r.isVerified ? t('city.facts.yes') : t('city.facts.no')],
    ['city.facts.reported', time(r.createdAt)],
    ['city.facts.resolved', r.resolvedAt && time(r.resolvedAt)],
  ]);
}

export function ticketFacts(k: TicketView, time: (iso: string) => string): Facts {
  return keep([
    ['city.facts.kind', capital(enumText('ticketKind', k.kind))],
    ['city.facts.description', k.description],
    ['city.facts.priority', enumText('priority', k.priority)],
    ['city.facts.assignee', k.assignee ?? t('city.row.unassigned')],
    ['city.facts.about', k.link && `${enumText('linkType', k.link.type)}: ${k.link.label}`],
    ['city.facts.resolution', k.resolutionNotes],
    ['city.facts.created', `${time(k.createdAt)}${k.createdBy ? ` · ${k.createdBy}` : ''}`],
    ['city.facts.resolved', k.resolvedAt && time(k.resolvedAt)],
    ['city.facts.closed', k.closedAt && time(k.closedAt)],
  ]);
}
