import type { Queryable } from '../../db/index.js';
import type { MissionPriority, MissionStatus, MissionView } from '../contract/index.js';
import { MISSION_SELECT, missionView, type MissionRow } from './store.js';
import { sitesParam } from '../org/site-access.js';

export interface MissionFilter {
  siteId?: string | undefined;
  /** The sites the caller may see (core/org/site-access.ts siteScope); null: every site. */
  sites?: string[] | null;
  statuses?: MissionStatus[] | undefined;
  priorities?: MissionPriority[] | undefined;
  vehicleId?: string | undefined;
  residentId?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  limit: number;
}

const PRIORITY_RANK = "CASE m.priority WHEN 'urgent' THEN 0 WHEN 'high' THEN 1 WHEN 'normal' THEN 2 ELSE 3 END";

/**
 * The active queue (the seeds' query 1: pending, assigned and in progress, urgent
 * first, then oldest), or with statuses/dates given, the history, newest first.
 */
export async function listMissions(db: Queryable, f: MissionFilter): Promise<Array<MissionView & { siteMapId: string }>> {
  const active = !f.statuses?.length && !f.from && !f.to;
  const statuses = f.statuses?.length ? f.statuses : active ? ['pending', 'assigned', 'in_progress'] : null;
  const rows = await db.query<MissionRow>(
    `${MISSION_SELECT}
     WHERE m.deleted_at IS NULL
       AND ($1::uuid[] IS NULL OR m.site_id = ANY($1))
       AND ($2::text[] IS NULL OR m.status = ANY($2))
       AND ($3::text[] IS NULL OR m.priority = ANY($3))
       AND ($4::uuid IS NULL OR m.vehicle_id = $4)
       AND ($5::uuid IS NULL OR m.resident_id = $5)
       AND ($6::timestamptz IS NULL OR m.created_at >= $6)
       AND ($7::timestamptz IS NULL OR m.created_at < $7)
     ORDER BY ${active ? `${PRIORITY_RANK}, m.created_at` : 'm.created_at DESC'}
     LIMIT $8`,
    [sitesParam(f), statuses, f.priorities?.length ? f.priorities : null, f.vehicleId ?? null, f.residentId ?? null, f.from ?? null, f.to ?? null, f.limit],
  );
  return rows.map((r) => ({ ...missionView(r), siteMapId: r.site_map_id }));
}
