import {
  REPORT_TRANSITIONS,
  REQUEST_TRANSITIONS,
  TICKET_TRANSITIONS,
  type AnnouncementView,
  type CaseEvent,
  type LayerId,
  type ReportStatus,
  type RequestStatus,
  type TicketStatus,
} from '../../core/contract/index.js';
import { num, t, tDynamic } from '../i18n/i18n.svelte.js';
import { correctionText } from './correction-words.js';

// Words, colours and small rules of the city view, as plain functions with tests.

export type CityTab = 'requests' | 'reports' | 'tickets' | 'announcements' | 'assets';
export const CITY_TABS: readonly CityTab[] = ['requests', 'reports', 'tickets', 'announcements', 'assets'];
/** A tab's name in the operator's language. */
export const tabLabel = (tab: CityTab): string => t(`city.tabs.${tab}`);

/** The map layer a tab's rows are drawn on (tickets have no place of their own). */
export const TAB_LAYER: Record<CityTab, LayerId | null> = {
  requests: 'requests', reports: 'reports', tickets: null, announcements: 'announcements', assets: 'assets',
};
export const LAYER_TAB: Partial<Record<LayerId, CityTab>> = { requests: 'requests', reports: 'reports', announcements: 'announcements', assets: 'assets' };

/** "in_progress" → "in progress". */
export const words = (s: string) => s.replace(/_/g, ' ');
export const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** The groups of enum values the city area has words for (`city.<group>.<value>`). */
export type EnumGroup = 'status' | 'priority' | 'severity' | 'reportType' | 'announcementType' | 'assetType' | 'ticketKind' | 'linkType' | 'shape' | 'unitStatus' | 'unitType';
/** An enum value in words, lower case ("in_progress" → "in progress" / "in behandeling"); an unknown value as itself. */
export const enumText = (group: EnumGroup, value: string): string => tDynamic(`city.${group}.${value}`, words(value));
/** A case's or announcement's status in words, lower case. */
export const statusText = (s: string): string => enumText('status', s);

const GREY = '#8b98a5', BLUE = '#4aa3ff', AMBER = '#d29922', GREEN = '#3fb950', RED = '#f85149', VIOLET = '#b48cff';
export const STATUS_COLORS: Record<string, string> = {
  open: BLUE, new: BLUE, under_review: VIOLET, assigned: VIOLET, in_progress: AMBER,
  resolved: GREEN, closed: GREY, rejected: RED, draft: GREY, published: GREEN, withdrawn: GREY,
};
export const statusColor = (s: string) => STATUS_COLORS[s] ?? GREY;

/** The statuses a case may move to from where it is, in the machine's order. */
export function nextStatuses(kind: 'request', from: RequestStatus): RequestStatus[];
export function nextStatuses(kind: 'report', from: ReportStatus): ReportStatus[];
export function nextStatuses(kind: 'ticket', from: TicketStatus): TicketStatus[];
export function nextStatuses(kind: 'request' | 'report' | 'ticket', from: string): string[] {
  const m: Readonly<Record<string, readonly string[]>> = kind === 'request' ? REQUEST_TRANSITIONS : kind === 'report' ? REPORT_TRANSITIONS : TICKET_TRANSITIONS;
  return [...(m[from] ?? [])];
}

/** What a status change may carry besides the status. */
export interface MoveNotes { publicMessage?: string; internalNote?: string; resolutionNotes?: string; department?: string }

/** The button's words for a move: "Reopen" reads better than "Open" going back. */
export function moveLabel(from: string, to: string): string {
  if (to === 'open' || (to === 'in_progress' && (from === 'resolved' || from === 'closed'))) return to === 'open' ? t('city.move.reopen') : t('city.move.reopenWork');
  return tDynamic(`city.move.${to}`, capital(statusText(to)));
}

/** Request priority is 0 (none) to 5; reports and tickets use words. */
export const requestPriorityText = (p: number) => (p === 0 ? t('city.priority.none') : `P${p}`);

/** "12 m" under a kilometre, "1.3 km" above. */
export const distanceText = (m: number) => (m < 1000 ? `${num(Math.round(m))} m` : `${num(m / 1000, { minimumFractionDigits: 1, maximumFractionDigits: 1 })} km`);

/** How long ago: "just now", "5 min ago", "3 h ago", "4 days ago". */
export function ageText(iso: string, now: number): string {
  const s = Math.max(0, (now - Date.parse(iso)) / 1000);
  if (s < 60) return t('city.age.now');
  if (s < 3600) return t('city.age.min', { n: num(Math.floor(s / 60)) });
  if (s < 86_400) return t('city.age.h', { n: num(Math.floor(s / 3600)) });
  const d = Math.floor(s / 86_400);
  return t('city.age.day', { count: d, n: num(d) });
}

export type Phase = 'active' | 'upcoming' | 'past';
/** Where an announcement stands now: a draft or withdrawn one counts by its dates too, but is marked by its status. */
export function announcementPhase(a: Pick<AnnouncementView, 'startsAt' | 'endsAt' | 'status'>, now: number): Phase {
  if (a.status === 'withdrawn') return 'past';
  if (a.endsAt && Date.parse(a.endsAt) <= now) return 'past';
  return Date.parse(a.startsAt) > now ? 'upcoming' : 'active';
}

/** A priority as it was recorded: a request's number as itself, a word in the operator's language. */
const priorityValue = (p: unknown): string => (typeof p === 'string' ? tDynamic(`city.priority.${p}`, p) : String(p ?? '?'));

/** A timeline entry as a sentence (the body, for comments, is shown below it). */
export function eventText(e: Pick<CaseEvent, 'kind' | 'details' | 'body'>): string {
  const d = e.details as Record<string, unknown>;
  switch (e.kind) {
    case 'created': return t('city.event.created');
    case 'imported': return t('city.event.imported');
    case 'status': return t('city.event.status', { from: statusText(String(d.from ?? '?')), to: statusText(String(d.to ?? '?')) });
    case 'comment': return d.deleted ? t('city.event.deleted') : t('city.event.comment');
    case 'link': return d.duplicateOf ? t('city.event.linkedAsDuplicate') : d.duplicate ? t('city.event.duplicateLinked') : t('city.event.linked');
    case 'assignment': return d.assignee ? t('city.event.assignedTo', { name: String(d.assignee) }) : d.department ? t('city.event.assignedTo', { name: String(d.department) }) : t('city.event.assigned');
    case 'released': return t('city.event.released');
    case 'priority': return t('city.event.priority', { from: priorityValue(d.from), to: priorityValue(d.to) });
    case 'corrected': return correctionText(d);
  }
}

/** The other case a link entry points at, to open it. */
export const linkedId = (e: Pick<CaseEvent, 'kind' | 'details'>): string | null =>
  e.kind === 'link' ? ((e.details.duplicateOf ?? e.details.duplicate ?? null) as string | null) : null;
