import type { AlertRule } from '../../core/contract/index.js';
import { errorText } from './errors.js';
import type { Client } from './trpc.js';

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

/** The site's sensor threshold rules and escalation delay, for Settings (settings:manage). */
export class AlertRulesManager {
  rules = $state.raw<AlertRule[]>([]);
  seconds = $state<number | null>(null);
  error = $state<string | null>(null);

  constructor(private readonly client: Client, private readonly siteId: string) {}

  async load(): Promise<void> {
    try {
      const [rules, esc] = await Promise.all([this.client.ops.alertRules.query({ siteId: this.siteId }), this.client.ops.escalation.query({ siteId: this.siteId })]);
      this.rules = rules;
      this.seconds = esc.seconds;
      this.error = null;
    } catch (err) {
      this.error = errorText(err);
    }
  }

  /** Saves a new rule (no id) or an edited one; answers the refusal as a sentence, or null. */
  async save(f: RuleFields, id?: string): Promise<string | null> {
    const threshold = Number(f.threshold.trim().replace(',', '.'));
    const durationS = Number(f.durationS.trim());
    if (!f.threshold.trim() || !Number.isFinite(threshold)) return 'The threshold must be a number.';
    if (!f.durationS.trim() || !Number.isInteger(durationS) || durationS < 0) return 'For how long must be whole seconds, 0 or more.';
    return this.#try(() => this.client.ops.saveAlertRule.mutate({
      siteId: this.siteId, ...(id ? { id } : {}), name: f.name, sensorKind: f.sensorKind, comparison: f.comparison, threshold, durationS, severity: f.severity, enabled: f.enabled,
    }));
  }

  remove(id: string): Promise<string | null> {
    return this.#try(() => this.client.ops.deleteAlertRule.mutate({ id }));
  }

  async setEscalation(text: string): Promise<string | null> {
    const seconds = Number(text.trim());
    if (!text.trim() || !Number.isInteger(seconds)) return 'The escalation delay must be whole seconds.';
    return this.#try(() => this.client.ops.setEscalation.mutate({ siteId: this.siteId, seconds }));
  }

  async #try(call: () => Promise<unknown>): Promise<string | null> {
    try {
      await call();
      await this.load();
      return null;
    } catch (err) {
      return errorText(err);
    }
  }
}
