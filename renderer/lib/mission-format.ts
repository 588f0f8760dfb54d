import type { MissionEvent, MissionPriority, MissionStatus, MissionView } from '../../core/contract/index.js';

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

export const statusText = (s: MissionStatus): string => s.replace('_', ' ');

export const WHEELCHAIRS: Record<string, string> = { manual: 'manual wheelchair', powered: 'powered wheelchair', transport_chair: 'transport chair' };

/** "45 s", "3 min", "1 h 5 min". */
export function duration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const min = Math.floor(s / 60);
  if (min < 60) return `${min} min`;
  return `${Math.floor(min / 60)} h${min % 60 ? ` ${min % 60} min` : ''}`;
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
        if (due > now) return { text: `scheduled ${clock(m.scheduledAt)} (in ${duration(due - now)})`, level: risk ?? 'ok' };
        return { text: `overdue ${since(m.scheduledAt)} (due ${clock(m.scheduledAt)})`, level: risk ?? 'late' };
      }
      const waited = now - Date.parse(m.createdAt);
      return { text: `waiting ${duration(waited)}`, level: risk ?? (waited > WAIT_LIMIT_MS ? 'late' : 'ok') };
    }
    case 'assigned':
      return { text: `assigned ${since(m.assignedAt ?? m.createdAt)} ago`, level: risk ?? 'ok' };
    case 'in_progress':
      return { text: `started ${since(m.startedAt ?? m.assignedAt ?? m.createdAt)} ago`, level: risk ?? 'ok' };
    default: {
      const end = m.completedAt ?? m.createdAt;
      const took = m.startedAt && m.completedAt ? ` · took ${duration(Date.parse(m.completedAt) - Date.parse(m.startedAt))}` : '';
      return { text: `${statusText(m.status)} ${clock(end)}${took}`, level: 'ok' };
    }
  }
}

/** When the active mission's vehicle is expected at the next stop: "pick-up ≈ 14:05", then "arrival ≈ 14:09". */
export function missionEta(m: MissionView, clock: (iso: string) => string): string | null {
  if (m.status !== 'assigned' && m.status !== 'in_progress') return null;
  if (m.expectedPickupAt) return `pick-up ≈ ${clock(m.expectedPickupAt)}`;
  return m.expectedArrivalAt ? `arrival ≈ ${clock(m.expectedArrivalAt)}` : null;
}

/** Events the vehicle reports itself; other events without a person are the console's own. */
const BY_VEHICLE = new Set(['started', 'pickup_arrived', 'pickup_completed', 'in_transit', 'dropoff_arrived', 'dropoff_completed', 'completed', 'failed']);

export const eventActor = (e: MissionEvent): string => e.actor ?? (BY_VEHICLE.has(e.type) ? 'vehicle' : 'system');

const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v : typeof v === 'number' ? String(v) : null);

/** A waiting mission's places corrected: "Pick-up Room 1 → Room 3". */
function corrected(d: Record<string, unknown>): string {
  const from = (d.from ?? {}) as Record<string, unknown>;
  const to = (d.to ?? {}) as Record<string, unknown>;
  const parts = (['pickup', 'dropoff'] as const).filter((k) => k in to).map((k) => `${k === 'pickup' ? 'Pick-up' : 'Drop-off'} ${str(from[k]) ?? '?'} → ${str(to[k]) ?? '?'}`);
  return parts.length ? parts.join(', ') : 'Corrected';
}

/** An event as a sentence: what happened, then any details worth reading. */
export function eventText(e: MissionEvent): string {
  const d = e.details;
  const words: Record<string, string> = {
    created: 'Created',
    assigned: `Assigned${str(d.vehicle) ? ` to ${str(d.vehicle)}` : ''}`,
    started: `Started${str(d.from) ? ` from ${str(d.from)}` : ''}${str(d.metres) ? `, ${str(d.metres)} m to drive` : ''}`,
    pickup_arrived: 'Arrived at the pick-up',
    pickup_completed: 'Resident picked up',
    in_transit: `On the way${str(d.to) ? ` to ${str(d.to)}` : ''}`,
    dropoff_arrived: 'Arrived at the drop-off',
    dropoff_completed: 'Resident dropped off',
    completed: 'Completed',
    cancelled: 'Cancelled',
    failed: 'Failed',
    paused: 'Paused',
    resumed: 'Resumed',
    at_risk: 'At risk',
    reassigned: d.back === 'pending' ? 'Back in the queue' : `Reassigned${str(d.from) ? ` from ${str(d.from)}` : ''}${str(d.to) ? ` to ${str(d.to)}` : ''}`,
    priority: `Priority ${str(d.from) ?? '?'} → ${str(d.to) ?? '?'}`,
  };
  const head = e.type === 'corrected' ? corrected(d) : (words[e.type] ?? e.type.replace(/_/g, ' '));
  const extra = [str(d.priority) && e.type === 'created' ? `${str(d.priority)} priority` : null, str(d.reason), str(d.cause)].filter(Boolean);
  return extra.length ? `${head} — ${extra.join('; ')}` : head;
}

/** The vehicle was paused on this mission and not resumed since. */
export function isPaused(timeline: MissionEvent[]): boolean {
  const last = timeline.findLast((e) => e.type === 'paused' || e.type === 'resumed' || e.type === 'assigned' || e.type === 'reassigned');
  return last?.type === 'paused';
}
