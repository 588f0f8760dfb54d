import type { MissionPriority, MissionStatus, MissionView } from '../../core/contract/index.js';
import { FINISHED_STATUSES } from './mission-format.js';
import { siteLocalToIso } from './time.js';

/** The queue's filter as the form holds it: '' means any. */
export interface QueueFilter {
  status: '' | MissionStatus;
  priority: '' | MissionPriority;
  vehicleId: string;
  residentId: string;
  /** Finished missions between from and to (datetime-local, site time) instead of the active queue. */
  history: boolean;
  from: string;
  to: string;
}
export const emptyFilter = (): QueueFilter => ({ status: '', priority: '', vehicleId: '', residentId: '', history: false, from: '', to: '' });

/**
 * What `missions.list` is asked. Statuses or dates turn core's active queue (urgent first, then
 * oldest) into history (newest first), so the active queue's status filter is applied here instead.
 */
export function listQuery(f: QueueFilter, siteId: string | null, timeZone: string) {
  return {
    ...(siteId ? { siteId } : {}),
    ...(f.priority ? { priorities: [f.priority] } : {}),
    ...(f.vehicleId ? { vehicleId: f.vehicleId } : {}),
    ...(f.residentId ? { residentId: f.residentId } : {}),
    ...(f.history ? { statuses: f.status ? [f.status] : FINISHED_STATUSES } : {}),
    ...(f.history && f.from ? { from: siteLocalToIso(f.from, timeZone) } : {}),
    ...(f.history && f.to ? { to: siteLocalToIso(f.to, timeZone) } : {}),
  };
}

/** The rows shown: core's order kept, the active queue's status filter applied. */
export const shownMissions = (missions: MissionView[], f: QueueFilter): MissionView[] =>
  !f.history && f.status ? missions.filter((m) => m.status === f.status) : missions;
