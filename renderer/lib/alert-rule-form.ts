import type { AlertRule } from '../../core/contract/index.js';
import { t } from '../i18n/i18n.svelte.js';

/** A rule as the form holds it: numbers as typed, so a half-typed value stays on screen. */
export interface RuleFields {
  name: string;
  sensorKind: string;
  comparison: AlertRule['comparison'];
  threshold: string;
  durationS: string;
  severity: number;
  enabled: boolean;
}

export const blankRule = (): RuleFields => ({ name: '', sensorKind: '', comparison: 'gt', threshold: '', durationS: '60', severity: 3, enabled: true });
export const ruleFields = (r: AlertRule): RuleFields => ({
  name: r.name, sensorKind: r.sensorKind, comparison: r.comparison, threshold: String(r.threshold), durationS: String(r.durationS), severity: r.severity, enabled: r.enabled,
});

export type RuleValues = Omit<RuleFields, 'threshold' | 'durationS'> & { threshold: number; durationS: number };

/** The form's values as core takes them, or the field that is wrong and why (core checks the rest). */
export function ruleValues(f: RuleFields): { ok: true; value: RuleValues } | { ok: false; field: keyof RuleFields; error: string } {
  const threshold = Number(f.threshold.trim().replace(',', '.'));
  const durationS = Number(f.durationS.trim());
  if (!f.threshold.trim() || !Number.isFinite(threshold)) return { ok: false, field: 'threshold', error: t('incidents.rules.thresholdNumber') };
  if (!f.durationS.trim() || !Number.isInteger(durationS) || durationS < 0) return { ok: false, field: 'durationS', error: t('incidents.rules.durationWhole') };
  return { ok: true, value: { ...f, name: f.name.trim(), sensorKind: f.sensorKind.trim(), threshold, durationS } };
}

/** The escalation delay as typed, in whole seconds, or a sentence (core sets the bounds). */
export function escalationSeconds(text: string): { ok: true; value: number } | { ok: false; error: string } {
  const n = Number(text.trim());
  return text.trim() && Number.isInteger(n) ? { ok: true, value: n } : { ok: false, error: t('incidents.rules.escalationWhole') };
}
