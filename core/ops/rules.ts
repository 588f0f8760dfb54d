// Sensor threshold rules and the escalation delay, edited in Settings.
import { z } from 'zod';
import { AlertRuleInput, type AlertRule } from '../contract/index.js';
import { audited } from '../audit/write.js';
import { DomainError } from '../errors.js';
import type { AuthedContext } from '../trpc.js';
import { ruleView } from './rules-store.js';

export const SaveRule = AlertRuleInput.extend({ siteId: z.string().uuid(), id: z.string().uuid().optional() });

export async function saveRule(ctx: AuthedContext, input: z.infer<typeof SaveRule>): Promise<AlertRule> {
  const rule = await audited(ctx, { resourceType: 'alert_rule', resourceId: input.id ?? null, siteId: input.siteId }, async (tx) => {
    const values = [input.name, input.sensorKind, input.comparison, input.threshold, input.durationS, input.severity, input.enabled];
    const [before] = input.id ? await tx.query<Parameters<typeof ruleView>[0]>('SELECT * FROM ops.alert_rules WHERE id = $1 AND site_id = $2 AND deleted_at IS NULL FOR UPDATE', [input.id, input.siteId]) : [];
    if (input.id && !before) throw new DomainError('not_found', { code: 'ops.noSuchRuleHere' });
    const [row] = input.id
      ? await tx.query<Parameters<typeof ruleView>[0]>(
        `UPDATE ops.alert_rules SET name = $2, sensor_kind = $3, comparison = $4, threshold = $5, duration_s = $6, severity = $7, enabled = $8
         WHERE id = $1 RETURNING *`, [input.id, ...values])
      : await tx.query<Parameters<typeof ruleView>[0]>(
        `INSERT INTO ops.alert_rules (site_id, name, sensor_kind, comparison, threshold, duration_s, severity, enabled)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING *`, [input.siteId, ...values]);
    const view = ruleView(row!);
    return { result: view, resourceId: view.id, oldValues: before ? ruleView(before) : null, newValues: view };
  });
  await ctx.ops.rules.reload();
  return rule;
}

export async function deleteRule(ctx: AuthedContext, id: string): Promise<void> {
  await audited(ctx, { resourceType: 'alert_rule', resourceId: id }, async (tx) => {
    const [row] = await tx.query<{ name: string }>('UPDATE ops.alert_rules SET deleted_at = now() WHERE id = $1 AND deleted_at IS NULL RETURNING name', [id]);
    if (!row) throw new DomainError('not_found', { code: 'ops.noSuchRule' });
    return { result: undefined, oldValues: { name: row.name } };
  });
  await ctx.ops.rules.reload();
}

export async function setEscalation(ctx: AuthedContext, input: { siteId: string; seconds: number }): Promise<{ seconds: number }> {
  return audited(ctx, { resourceType: 'site', resourceId: input.siteId, siteId: input.siteId }, async (tx) => {
    const [before] = await tx.query<{ alert_escalation_s: number }>('SELECT alert_escalation_s FROM org.sites WHERE id = $1 FOR UPDATE', [input.siteId]);
    if (!before) throw new DomainError('not_found', { code: 'org.noSuchSite' });
    await tx.query('UPDATE org.sites SET alert_escalation_s = $2 WHERE id = $1', [input.siteId, input.seconds]);
    return { result: { seconds: input.seconds }, oldValues: { escalationSeconds: before.alert_escalation_s }, newValues: { escalationSeconds: input.seconds } };
  });
}
