import type { Queryable } from '../../db/index.js';
import type { AlertRule } from '../contract/index.js';

interface RuleRow { id: string; site_id: string; name: string; sensor_kind: string; comparison: AlertRule['comparison']; threshold: number; duration_s: number; severity: number; enabled: boolean }

export const ruleView = (r: RuleRow): AlertRule => ({
  id: r.id, siteId: r.site_id, name: r.name, sensorKind: r.sensor_kind, comparison: r.comparison, threshold: r.threshold,
  durationS: r.duration_s, severity: Number(r.severity), enabled: r.enabled,
});

export async function loadRules(db: Queryable, siteId?: string): Promise<AlertRule[]> {
  const rows = await db.query<RuleRow>(
    'SELECT * FROM ops.alert_rules WHERE deleted_at IS NULL AND ($1::uuid IS NULL OR site_id = $1) ORDER BY sensor_kind, name', [siteId ?? null]);
  return rows.map(ruleView);
}
