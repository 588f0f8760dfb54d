// "What was true at time T": the parts of the map a user may read, each from its stored history.
import type { Queryable } from '../../db/index.js';
import type { ReplayState } from '../contract/index.js';
import { alertsAt, announcementsAt, incidentsAt, resourcesAt } from './cases.js';
import { missionsAt } from './missions.js';
import { sensorsAt, vehiclesAt } from './vehicles.js';

export interface ReplayReader {
  fleet: boolean;
  missions: boolean;
  incidents: boolean;
  city: boolean;
}

export const readerOf = (permissions: readonly string[]): ReplayReader & { audit: boolean } => ({
  fleet: permissions.includes('fleet:read'),
  missions: permissions.includes('missions:read'),
  incidents: permissions.includes('incidents:read'),
  city: permissions.includes('city:read'),
  audit: permissions.includes('audit:read'),
});

/** Ended missions, handled alerts and closed incidents stay on the map this long after they ended, faded. */
export const RECENT_MS = 5 * 60_000;

export async function stateAt(db: Queryable, siteId: string, at: Date, trailMs: number, may: ReplayReader): Promise<ReplayState> {
  const none = Promise.resolve(null);
  // Independent parts at once: a central database answers them on several connections.
  const [vehicles, sensors, missions, alerts, incidents, announcements] = await Promise.all([
    may.fleet ? vehiclesAt(db, siteId, at, trailMs) : none,
    may.fleet ? sensorsAt(db, siteId, at) : none,
    may.missions ? missionsAt(db, siteId, at, RECENT_MS) : none,
    may.incidents ? alertsAt(db, siteId, at, RECENT_MS) : none,
    may.incidents ? incidentsAt(db, siteId, at, RECENT_MS) : none,
    may.city ? announcementsAt(db, siteId, at) : none,
  ]);
  const places = new Map((vehicles ?? []).filter((v) => v.lat !== null && v.lon !== null).map((v) => [v.id, { lat: v.lat!, lon: v.lon! }]));
  const resources = may.incidents ? await resourcesAt(db, siteId, at, places) : null;
  return { at: at.toISOString(), vehicles, sensors, missions, alerts, incidents, resources, announcements };
}
