import type { AlertRule } from '../../core/contract/index.js';
import { escalationSeconds, ruleValues, type RuleFields } from './alert-rule-form.js';
import { errorText } from './errors.js';
import { attempt } from './list-detail.svelte.js';
import type { Client } from './trpc.js';

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

  /** Saves a new rule (no id) or an edited one; answers the refusal as "field: sentence" (as core does), or null. */
  async save(f: RuleFields, id?: string): Promise<string | null> {
    const v = ruleValues(f);
    if (!v.ok) return `${v.field}: ${v.error}`;
    return this.#try(() => this.client.ops.saveAlertRule.mutate({ siteId: this.siteId, ...(id ? { id } : {}), ...v.value }));
  }

  remove(id: string): Promise<string | null> {
    return this.#try(() => this.client.ops.deleteAlertRule.mutate({ id }));
  }

  async setEscalation(text: string): Promise<string | null> {
    const s = escalationSeconds(text);
    if (!s.ok) return s.error;
    return this.#try(() => this.client.ops.setEscalation.mutate({ siteId: this.siteId, seconds: s.value }));
  }

  #try(call: () => Promise<unknown>): Promise<string | null> {
    return attempt(async () => {
      await call();
      await this.load();
    });
  }
}
