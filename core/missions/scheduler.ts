// Due missions: at sites with auto-dispatch on, pending missions that are due (ASAP, or
// scheduled within the lead time) get the best eligible vehicle, urgent and oldest first.
import { DomainError } from '../errors.js';
import type { SystemContext } from '../trpc.js';
import { assignMission, rankMission } from './service.js';
import { missionById } from './store.js';

/** A scheduled mission is dispatched this long before its time, so the vehicle can get there. */
export const LEAD_MS = 2 * 60_000;

/** Runs as the system: `ctx` has no user, and its audit entries no actor (the switch itself was audited when set). */
export async function dispatchDue(ctx: SystemContext): Promise<string[]> {
  const lead = new Date(ctx.clock.now().getTime() + LEAD_MS).toISOString();
  const due = await ctx.db.query<{ id: string }>(
    `SELECT m.id FROM fleet.missions m JOIN org.sites s ON s.id = m.site_id
     WHERE m.status = 'pending' AND m.deleted_at IS NULL AND s.auto_dispatch AND (m.scheduled_at IS NULL OR m.scheduled_at <= $1)
     ORDER BY CASE m.priority WHEN 'urgent' THEN 0 WHEN 'high' THEN 1 WHEN 'normal' THEN 2 ELSE 3 END, coalesce(m.scheduled_at, m.created_at)`,
    [lead],
  );
  const assigned: string[] = [];
  for (const { id } of due) {
    const m = await missionById(ctx.db, id);
    if (!m || m.status !== 'pending') continue;
    const best = (await rankMission(ctx, m)).find((c) => c.eligible);
    if (!best) continue;
    try {
      await assignMission(ctx, { missionId: id, vehicleId: best.vehicleId, version: m.version, reason: `auto-dispatch: ${best.reason}` });
      assigned.push(id);
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      ctx.log.info('auto-dispatch skipped a mission', { mission: id, reason: err.message });
    }
  }
  return assigned;
}
