// A severe alert (severity 1–2) nobody has acknowledged within the site's escalation
// delay goes to a wider audience: from the operators who run incidents to everyone signed
// in (nurses on the ward, maintenance, viewers), whose top bar then sounds it too.
// Acknowledged by anyone, cleared by itself or handled otherwise, it never escalates;
// an alert that comes back is timed from when it came back, and one that had been
// acknowledged comes back acknowledged.
import type { Db } from '../../db/index.js';
import { appendAudit } from '../audit/store.js';
import { entryFor } from '../audit/write.js';
import type { Bus } from '../bus.js';
import type { Clock } from '../clock.js';

export const ESCALATED_TO = 'all staff';

export async function escalateAlerts(deps: { db: Db; clock: Clock; bus: Bus }): Promise<string[]> {
  const now = deps.clock.now();
  const ids = await deps.db.transaction(async (tx) => {
    const rows = await tx.query<{ id: string; site_id: string; title: string; severity: number }>(
      `UPDATE ops.alerts a SET escalated_at = $1, escalated_to = $2 FROM org.sites s
       WHERE s.id = a.site_id AND a.status = 'new' AND a.severity <= 2 AND a.escalated_at IS NULL
         AND coalesce(a.reopened_at, a.received_at) <= $1::timestamptz - make_interval(secs => s.alert_escalation_s)
       RETURNING a.id, a.site_id, a.title, a.severity`,
      [now, ESCALATED_TO]);
    // The console escalates, not a user: audited with no actor.
    const system = { user: null, requestId: 'escalation', path: 'ops.escalateAlert' };
    for (const r of rows) {
      await appendAudit(tx, entryFor(system, { resourceType: 'alert', resourceId: r.id, siteId: r.site_id }, 'success', {
        newValues: { escalatedTo: ESCALATED_TO, severity: Number(r.severity), title: r.title },
        reason: 'not acknowledged within the site’s escalation delay',
      }), now);
    }
    return rows.map((r) => r.id);
  });
  return ids;
}
