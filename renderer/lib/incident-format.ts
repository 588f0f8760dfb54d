import {
  categoryForAlert, INCIDENT_TRANSITIONS, SuggestionBlocker, type AlertView as AlertSchema, type IncidentCategory, type CaseEvent, type IncidentStatus,
  type IncidentView, type ResourceSuggestion,
} from '../../core/contract/index.js';
import { distanceText } from './city-format.js';
import { correctionText } from './correction-words.js';
import { num, t, tDynamic } from '../i18n/i18n.svelte.js';

/** An alert as the renderer gets it (the raw payload may be left out on the wire). */
export type AlertView = Omit<AlertSchema, 'rawPayload'> & { rawPayload?: unknown };

export const INCIDENT_STATUSES: IncidentStatus[] = ['new', 'assigned', 'en_route', 'on_scene', 'resolved', 'closed', 'cancelled'];
export const OPEN_INCIDENT_STATUSES: IncidentStatus[] = ['new', 'assigned', 'en_route', 'on_scene', 'resolved'];

/** Colours of incident statuses on the dark panels. */
export const INCIDENT_STATUS_COLORS: Record<IncidentStatus, string> = {
  new: '#f0883e',
  assigned: '#79c0ff',
  en_route: '#4aa3ff',
  on_scene: '#d2a8ff',
  resolved: '#3fb950',
  closed: '#8b98a5',
  cancelled: '#8b98a5',
};

/** An incident's or a resource's status in words. */
export const statusText = (s: string): string => tDynamic(`incidents.status.${s}`, s.replaceAll('_', ' '));

/** An incident category in words. */
export const categoryText = (c: string): string => tDynamic(`incidents.category.${c}`, c);

/** Severity and priority share one scale: 1 is critical, 5 is informational. */
const LEVEL_KEYS = { 1: 'incidents.level.l1', 2: 'incidents.level.l2', 3: 'incidents.level.l3', 4: 'incidents.level.l4', 5: 'incidents.level.l5' } as const;
export const levelName = (level: number): string => (level in LEVEL_KEYS ? t(LEVEL_KEYS[level as keyof typeof LEVEL_KEYS]) : '?');

/** The inbox shows alerts still to handle: new and acknowledged. */
export const isOpenAlert = (a: AlertView): boolean => a.status === 'new' || a.status === 'acknowledged';

/** Most severe first, then newest; unacknowledged before acknowledged of the same severity. */
export function inboxOrder(alerts: AlertView[]): AlertView[] {
  return alerts
    .filter(isOpenAlert)
    .toSorted((a, b) => a.severity - b.severity || Date.parse(b.receivedAt) - Date.parse(a.receivedAt) || Number(a.status !== 'new') - Number(b.status !== 'new'));
}

/** "45 s", "3 min", "1 h 5 min", "2 d 3 h". */
export function age(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return t('incidents.age.s', { s: num(s) });
  const min = Math.floor(s / 60);
  if (min < 60) return t('incidents.age.min', { min: num(min) });
  const h = Math.floor(min / 60);
  if (h < 24) return min % 60 ? t('incidents.age.hMin', { h: num(h), min: num(min % 60) }) : t('incidents.age.h', { h: num(h) });
  const d = Math.floor(h / 24);
  return h % 24 ? t('incidents.age.dH', { d: num(d), h: num(h % 24) }) : t('incidents.age.d', { d: num(d) });
}

/** Where an alert or incident is, in words: its address, else its coordinates, else nothing known. */
export function placeText(p: { lat: number | null; lon: number | null; address: string | null }): string {
  if (p.address) return p.address;
  if (p.lat !== null && p.lon !== null) return `${p.lat.toFixed(5)}, ${p.lon.toFixed(5)}`;
  return t('incidents.noLocation');
}

/**
 * The statuses an operator moves an incident to by a button. Going to 'assigned' from new,
 * or back to 'new', happens by assigning or releasing resources, not by a button.
 */
export function nextStatuses(s: IncidentStatus): IncidentStatus[] {
  return INCIDENT_TRANSITIONS[s].filter((to) => to !== 'new' && !(s === 'new' && to === 'assigned'));
}

const MOVE_KEYS = { en_route: 'incidents.move.en_route', on_scene: 'incidents.move.on_scene', resolved: 'incidents.move.resolved', closed: 'incidents.move.closed' } as const;

/** The button's words for a move from `from` to `to`. */
export function moveText(from: IncidentStatus, to: IncidentStatus): string {
  if (to === 'cancelled') return t('incidents.move.cancel');
  if (from === 'resolved' && to === 'on_scene') return t('incidents.move.reopen');
  if (from === 'en_route' && to === 'assigned') return t('incidents.move.backToAssigned');
  const key = MOVE_KEYS[to as keyof typeof MOVE_KEYS];
  return key ? t(key) : statusText(to);
}

/** The time of each step the incident has taken, in order. */
export function transitionTimes(i: IncidentView): [string, string][] {
  const steps: [string, string | null][] = [
    [t('incidents.step.created'), i.createdAt], [t('incidents.step.assigned'), i.assignedAt], [t('incidents.step.en_route'), i.enRouteAt],
    [t('incidents.step.on_scene'), i.onSceneAt], [t('incidents.step.resolved'), i.resolvedAt], [t('incidents.step.closed'), i.closedAt],
    [t('incidents.step.cancelled'), i.cancelledAt],
  ];
  return steps.filter((s): s is [string, string] => s[1] !== null);
}

/**
 * Why a resource can or cannot go, from the parts core sends: "available · 40 m away · has first_aid",
 * "lacks lift · 1.2 km away" (capabilities stay their names, as typed).
 */
export function suggestionReason(s: Pick<ResourceSuggestion, 'blocker' | 'distanceM' | 'matched'>): string {
  const b = s.blocker;
  const where = s.distanceM === null ? t('incidents.suggestions.reason.positionUnknown') : t('incidents.suggestions.reason.away', { distance: distanceText(s.distanceM) });
  if (!b) return [statusText('available'), where, ...(s.matched.length ? [t('incidents.suggestions.reason.has', { list: s.matched.join(', ') })] : [])].join(' · ');
  const why = b.code === 'onIncident' ? t('incidents.suggestions.reason.onIncident', { incident: b.incident })
    : b.code === 'status' ? statusText(b.status)
    : b.code === 'vehicle' ? t(`incidents.suggestions.reason.vehicle.${b.vehicle}`)
    : t('incidents.suggestions.reason.lacks', { list: b.missing.join(', ') });
  return `${why} · ${where}`;
}

/** An assignment's reason: worded from the data it recorded, else the English it recorded before it kept the data. */
function assignmentReason(d: Record<string, unknown>): string | null {
  const blocker = SuggestionBlocker.nullable().safeParse(d.blocker ?? null);
  if (Array.isArray(d.matched) && blocker.success && (typeof d.distanceM === 'number' || d.distanceM === null)) {
    return suggestionReason({ blocker: blocker.data, distanceM: d.distanceM, matched: d.matched.map(String) });
  }
  return typeof d.reason === 'string' ? d.reason : null;
}

/** One timeline entry in words. */
export function caseEventText(e: CaseEvent): string {
  const d = e.details;
  switch (e.kind) {
    case 'created':
      return typeof d.priority === 'number' ? t('incidents.event.createdPriority', { priority: num(d.priority) }) : t('incidents.event.created');
    case 'status':
      return `${statusText(String(d.from ?? '?'))} → ${statusText(String(d.to ?? '?'))}${e.body ? `: ${e.body}` : ''}`;
    case 'assignment': {
      const reason = assignmentReason(d);
      return `${t('incidents.event.assigned', { name: e.body ?? t('incidents.event.aResource') })}${reason ? ` (${reason})` : ''}`;
    }
    case 'released':
      return `${t('incidents.event.released', { name: typeof d.name === 'string' ? d.name : t('incidents.event.aResource') })}${e.body ? `: ${e.body}` : ''}`;
    case 'comment':
      return e.body ?? '';
    case 'priority':
      return `${t('incidents.event.priority', { from: String(d.from ?? '?'), to: String(d.to ?? '?') })}${typeof d.reason === 'string' && d.reason ? ` (${d.reason})` : ''}`;
    case 'corrected':
      return correctionText(d);
    default:
      return e.body ?? e.kind;
  }
}

/** A comma or space separated list of capabilities ("first_aid, lift") as a clean list. */
export function parseNeeds(text: string): string[] {
  return [...new Set(text.split(/[\s,;]+/).map((s) => s.trim().toLowerCase()).filter(Boolean))];
}

/** Typed coordinates as a location, or a sentence saying what is wrong; both empty means none. */
export function parseLatLon(lat: string, lon: string): { ok: true; value: { lat: number; lon: number } | null } | { ok: false; error: string } {
  if (!lat.trim() && !lon.trim()) return { ok: true, value: null };
  const la = Number(lat.trim().replace(',', '.'));
  const lo = Number(lon.trim().replace(',', '.'));
  if (!lat.trim() || !Number.isFinite(la) || la < -90 || la > 90) return { ok: false, error: t('incidents.latitudeRange') };
  if (!lon.trim() || !Number.isFinite(lo) || lo < -180 || lo > 180) return { ok: false, error: t('incidents.longitudeRange') };
  return { ok: true, value: { lat: la, lon: lo } };
}

/** The convert form's starting values, taken from the alert. */
export function convertDefaults(a: AlertView): { type: string; category: IncidentCategory; priority: number; title: string; needs: string } {
  return { type: a.type, category: categoryForAlert(a.type), priority: Math.min(5, Math.max(1, a.severity)), title: a.title, needs: '' };
}

/** The board's filter as the form holds it: '' means any. */
export interface BoardFilter {
  status: '' | 'open' | IncidentStatus;
  priority: '' | '1' | '2' | '3' | '4' | '5';
  search: string;
}
export const emptyBoardFilter = (): BoardFilter => ({ status: 'open', priority: '', search: '' });

/** What `ops.incidents` is asked for the board's filter. */
export function boardQuery(f: BoardFilter, siteId: string | null) {
  const search = f.search.trim();
  return {
    ...(siteId ? { siteId } : {}),
    ...(f.status === 'open' ? { statuses: OPEN_INCIDENT_STATUSES } : f.status ? { statuses: [f.status] } : {}),
    ...(f.priority ? { priorities: [Number(f.priority)] } : {}),
    ...(search ? { search } : {}),
    limit: 200,
  };
}

/** What the top bar's alarm says: how many, the newest one's title, and whether any has escalated. */
export function alarmSummary(alarms: AlertView[]): { count: number; newest: AlertView | null; escalated: boolean } {
  const newest = alarms.reduce<AlertView | null>((n, a) => (!n || Date.parse(a.receivedAt) > Date.parse(n.receivedAt) ? a : n), null);
  return { count: alarms.length, newest, escalated: alarms.some((a) => a.escalatedAt !== null) };
}

/** Alarms not heard yet: a beep sounds once per new alarm, not on every reload. */
export function unheard(alarms: AlertView[], heard: ReadonlySet<string>): string[] {
  return alarms.filter((a) => !heard.has(a.id)).map((a) => a.id);
}
