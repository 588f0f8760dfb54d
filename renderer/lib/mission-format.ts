import type { MissionEvent, MissionPriority, MissionStatus, MissionView } from '../../core/contract/index.js';
import { num, t, tDynamic } from '../i18n/i18n.svelte.js';

/** A pending ASAP mission waiting longer than this is flagged. */
export const WAIT_LIMIT_MS = 5 * 60_000;

export const PRIORITIES: MissionPriority[] = ['urgent', 'high', 'normal', 'low'];
export const ACTIVE_STATUSES: MissionStatus[] = ['pending', 'assigned', 'in_progress'];
export const FINISHED_STATUSES: MissionStatus[] = ['completed', 'cancelled', 'failed'];

/** Colours of mission statuses on the dark panels. */
export const MISSION_STATUS_COLORS: Record<MissionStatus, string> = {
  pending: '#c9d1d9',
  assigned: '#79c0ff',
  in_progress: '#4aa3ff',
  completed: '#3fb950',
  cancelled: '#8b98a5',
  failed: '#f85149',
};

export const statusText = (s: MissionStatus): string => tDynamic(`missions.status.${s}`, s.replace('_', ' '));

/** A priority in the operator's language ("urgent", "spoed"). */
export const priorityText = (p: string): string => tDynamic(`missions.priority.${p}`, p);

/** A wheelchair type in words ("manual wheelchair"). */
export const wheelchairText = (w: string): string => tDynamic(`missions.wheelchair.${w}`, w);

/** A place's kind in words ("room", "kamer"). */
export const placeKindText = (k: string): string => tDynamic(`missions.placeKind.${k}`, k);

/** A vehicle's status in words ("driving", "rijdt"). */
export const vehicleStatusText = (s: string): string => tDynamic(`missions.vehicleStatus.${s}`, s.replace(/_/g, ' '));

/** "45 s", "3 min", "1 h 5 min". */
export function duration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return t('missions.duration.seconds', { n: num(s) });
  const min = Math.floor(s / 60);
  if (min < 60) return t('missions.duration.minutes', { n: num(min) });
  const h = num(Math.floor(min / 60));
  return min % 60 ? t('missions.duration.hoursMinutes', { h, m: num(min % 60) }) : t('missions.duration.hours', { h });
}

/** What the queue row says about time, and whether it needs attention ('late' amber, 'risk' red). */
export interface Timer {
  text: string;
  level: 'ok' | 'late' | 'risk';
}

export function missionTimer(m: MissionView, now: number, clock: (iso: string) => string): Timer {
  const since = (iso: string) => duration(now - Date.parse(iso));
  const risk = m.atRisk ? 'risk' : null;
  switch (m.status) {
    case 'pending': {
      if (m.scheduledAt) {
        const due = Date.parse(m.scheduledAt);
        if (due > now) return { text: t('missions.timer.scheduled', { time: clock(m.scheduledAt), duration: duration(due - now) }), level: risk ?? 'ok' };
        return { text: t('missions.timer.overdue', { duration: since(m.scheduledAt), time: clock(m.scheduledAt) }), level: risk ?? 'late' };
      }
      const waited = now - Date.parse(m.createdAt);
      return { text: t('missions.timer.waiting', { duration: duration(waited) }), level: risk ?? (waited > WAIT_LIMIT_MS ? 'late' : 'ok') };
    }
    case 'assigned':
      return { text: t('missions.timer.assigned', { duration: since(m.assignedAt ?? m.createdAt) }), level: risk ?? 'ok' };
    case 'in_progress':
      return { text: t('missions.timer.started', { duration: since(m.startedAt ?? m.assignedAt ?? m.createdAt) }), level: risk ?? 'ok' };
    default: {
      const end = m.completedAt ?? m.createdAt;
      const took = m.startedAt && m.completedAt ? t('missions.timer.took', { duration: duration(Date.parse(m.completedAt) - Date.parse(m.startedAt)) }) : '';
      return { text: t('missions.timer.finished', { status: statusText(m.status), time: clock(end) }) + took, level: 'ok' };
    }
  }
}

/** When the active mission's vehicle is expected at the next stop: "pick-up ≈ 14:05", then "arrival ≈ 14:09". */
export function missionEta(m: MissionView, clock: (iso: string) => string): string | null {
  if (m.status !== 'assigned' && m.status !== 'in_progress') return null;
  if (m.expectedPickupAt) return t('missions.eta.pickup', { time: clock(m.expectedPickupAt) });
  return m.expectedArrivalAt ? t('missions.eta.arrival', { time: clock(m.expectedArrivalAt) }) : null;
}

/** Events the vehicle reports itself; other events without a person are the console's own. */
const BY_VEHICLE = new Set(['started', 'pickup_arrived', 'pickup_completed', 'in_transit', 'dropoff_arrived', 'dropoff_completed', 'completed', 'failed']);

export const eventActor = (e: MissionEvent): string => e.actor ?? (BY_VEHICLE.has(e.type) ? t('missions.actor.vehicle') : t('missions.actor.system'));

const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v : typeof v === 'number' ? num(v) : null);

/** A waiting mission's places corrected: "Pick-up Room 1 → Room 3". */
function corrected(d: Record<string, unknown>): string {
  const from = (d.from ?? {}) as Record<string, unknown>;
  const to = (d.to ?? {}) as Record<string, unknown>;
  const parts = (['pickup', 'dropoff'] as const)
    .filter((k) => k in to)
    .map((k) => t(k === 'pickup' ? 'missions.event.correctedPickup' : 'missions.event.correctedDropoff', { from: str(from[k]) ?? '?', to: str(to[k]) ?? '?' }));
  return parts.length ? parts.join(', ') : t('missions.event.corrected');
}

/** An event as a sentence: what happened, then any details worth reading. */
export function eventText(e: MissionEvent): string {
  const d = e.details;
  const vehicle = str(d.vehicle);
  const from = str(d.from);
  const to = str(d.to);
  const metres = str(d.metres);
  const priority = (v: string | null) => (v ? priorityText(v) : '?');
  const words: Record<string, () => string> = {
    created: () => t('missions.event.created'),
    assigned: () => (vehicle ? t('missions.event.assignedTo', { vehicle }) : t('missions.event.assigned')),
    started: () => (from ? t('missions.event.startedFrom', { from }) : t('missions.event.started')) + (metres ? t('missions.event.toDrive', { metres }) : ''),
    pickup_arrived: () => t('missions.event.pickup_arrived'),
    pickup_completed: () => t('missions.event.pickup_completed'),
    in_transit: () => (to ? t('missions.event.inTransitTo', { to }) : t('missions.event.in_transit')),
    dropoff_arrived: () => t('missions.event.dropoff_arrived'),
    dropoff_completed: () => t('missions.event.dropoff_completed'),
    completed: () => t('missions.event.completed'),
    cancelled: () => t('missions.event.cancelled'),
    failed: () => t('missions.event.failed'),
    paused: () => t('missions.event.paused'),
    resumed: () => t('missions.event.resumed'),
    at_risk: () => t('missions.event.at_risk'),
    reassigned: () =>
      d.back === 'pending' ? t('missions.event.backInQueue')
      : from && to ? t('missions.event.reassignedFromTo', { from, to })
      : from ? t('missions.event.reassignedFrom', { from })
      : to ? t('missions.event.reassignedTo', { to })
      : t('missions.event.reassigned'),
    priority: () => t('missions.event.priority', { from: priority(from), to: priority(to) }),
  };
  const head = e.type === 'corrected' ? corrected(d) : (words[e.type]?.() ?? e.type.replace(/_/g, ' '));
  const extra = [str(d.priority) && e.type === 'created' ? t('missions.event.createdPriority', { priority: priorityText(str(d.priority)!) }) : null, str(d.reason), str(d.cause)].filter(Boolean);
  return extra.length ? `${head} — ${extra.join('; ')}` : head;
}

/** The vehicle was paused on this mission and not resumed since. */
export function isPaused(timeline: MissionEvent[]): boolean {
  const last = timeline.findLast((e) => e.type === 'paused' || e.type === 'resumed' || e.type === 'assigned' || e.type === 'reassigned');
  return last?.type === 'paused';
}
