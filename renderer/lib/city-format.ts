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
import { correctionText } from './correction-words.js';

// Words, colours and small rules of the city view, as plain functions with tests.

export type CityTab = 'requests' | 'reports' | 'tickets' | 'announcements' | 'assets';
export const CITY_TABS: { id: CityTab; label: string }[] = [
  { id: 'requests', label: 'Service requests' },
  { id: 'reports', label: 'Public reports' },
  { id: 'tickets', label: 'Tickets' },
  { id: 'announcements', label: 'Announcements' },
  { id: 'assets', label: 'Assets' },
];

/** The map layer a tab's rows are drawn on (tickets have no place of their own). */
export const TAB_LAYER: Record<CityTab, LayerId | null> = {
  requests: 'requests', reports: 'reports', tickets: null, announcements: 'announcements', assets: 'assets',
};
export const LAYER_TAB: Partial<Record<LayerId, CityTab>> = { requests: 'requests', reports: 'reports', announcements: 'announcements', assets: 'assets' };

/** "in_progress" → "in progress". */
export const words = (s: string) => s.replace(/_/g, ' ');
export const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

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
  if (to === 'open' || (to === 'in_progress' && (from === 'resolved' || from === 'closed'))) return to === 'open' ? 'Reopen' : 'Reopen (in progress)';
  const verbs: Record<string, string> = {
    in_progress: 'Start work', closed: 'Close', resolved: 'Resolve', under_review: 'Review', assigned: 'Assign', rejected: 'Reject',
  };
  return verbs[to] ?? capital(words(to));
}

/** Request priority is 0 (none) to 5; reports and tickets use words. */
export const requestPriorityText = (p: number) => (p === 0 ? 'none' : `P${p}`);

/** "12 m" under a kilometre, "1.3 km" above. */
export const distanceText = (m: number) => (m < 1000 ? `${Math.round(m)} m` : `${(m / 1000).toFixed(1)} km`);

/** How long ago: "just now", "5 min ago", "3 h ago", "4 days ago". */
export function ageText(iso: string, now: number): string {
  const s = Math.max(0, (now - Date.parse(iso)) / 1000);
  if (s < 60) return 'just now';
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86_400) return `${Math.floor(s / 3600)} h ago`;
  const d = Math.floor(s / 86_400);
  return `${d} day${d === 1 ? '' : 's'} ago`;
}

export type Phase = 'active' | 'upcoming' | 'past';
/** Where an announcement stands now: a draft or withdrawn one counts by its dates too, but is marked by its status. */
export function announcementPhase(a: Pick<AnnouncementView, 'startsAt' | 'endsAt' | 'status'>, now: number): Phase {
  if (a.status === 'withdrawn') return 'past';
  if (a.endsAt && Date.parse(a.endsAt) <= now) return 'past';
  return Date.parse(a.startsAt) > now ? 'upcoming' : 'active';
}

/** A timeline entry as a sentence (the body, for comments, is shown below it). */
export function eventText(e: Pick<CaseEvent, 'kind' | 'details' | 'body'>): string {
  const d = e.details as Record<string, unknown>;
  switch (e.kind) {
    case 'created': return 'Created';
    case 'imported': return 'Imported from Open311';
    case 'status': return `Status ${words(String(d.from ?? '?'))} → ${words(String(d.to ?? '?'))}`;
    case 'comment': return d.deleted ? 'Deleted' : 'Comment';
    case 'link': return d.duplicateOf ? 'Linked as a duplicate' : d.duplicate ? 'A duplicate was linked to it' : 'Linked';
    case 'assignment': return d.assignee ? `Assigned to ${String(d.assignee)}` : d.department ? `Assigned to ${String(d.department)}` : 'Assigned';
    case 'released': return 'Released';
    case 'priority': return `Priority ${String(d.from ?? '?')} → ${String(d.to ?? '?')}`;
    case 'corrected': return correctionText(d);
  }
}

/** The other case a link entry points at, to open it. */
export const linkedId = (e: Pick<CaseEvent, 'kind' | 'details'>): string | null =>
  e.kind === 'link' ? ((e.details.duplicateOf ?? e.details.duplicate ?? null) as string | null) : null;
