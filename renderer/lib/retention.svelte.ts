import type { ArchiveRun, ArchiveScheduleInput, RetentionRuleInput, RetentionState } from '../../core/contract/index.js';
import { errorText } from './errors.js';
import { onLaterMessages } from './list-detail.svelte.js';
import type { Client } from './trpc.js';

/** Settings → Retention and archiving (admins): periods per site, the archive schedule, an archive pass now. */
export class RetentionManager {
  state = $state.raw<RetentionState | null>(null);
  error = $state<string | null>(null);
  saved = $state<'rule' | 'schedule' | null>(null);
  busy = $state(false);
  /** The outcome of the archive pass asked for here. */
  last = $state.raw<ArchiveRun | null>(null);

  #unwatch: (() => void) | null = null;

  constructor(private readonly client: Client) {}

  /** Reads the state again whenever it changes, here or on another console, until `reset`. */
  watch(): void {
    this.#unwatch?.();
    this.#unwatch = onLaterMessages((h) => this.client.retention.onChanged.subscribe(undefined, h), () => void this.load());
  }

  async load(): Promise<void> {
    try {
      this.state = await this.client.retention.state.query();
    } catch (err) {
      this.error = errorText(err);
    }
  }

  private async act(what: 'rule' | 'schedule', call: () => Promise<unknown>): Promise<boolean> {
    this.error = null;
    this.saved = null;
    try {
      await call();
      this.saved = what;
      await this.load();
      return true;
    } catch (err) {
      this.error = errorText(err);
      return false;
    }
  }

  setRule = (input: RetentionRuleInput) => this.act('rule', () => this.client.retention.setRule.mutate(input));
  saveSchedule = (input: ArchiveScheduleInput) => this.act('schedule', () => this.client.retention.setSchedule.mutate(input));

  async archiveNow(): Promise<void> {
    this.busy = true;
    this.error = null;
    try {
      this.last = await this.client.retention.archiveNow.mutate();
    } catch (err) {
      this.error = errorText(err);
    } finally {
      this.busy = false;
      await this.load();
    }
  }

  reset(): void {
    this.#unwatch?.();
    this.#unwatch = null;
    this.state = null;
    this.error = null;
    this.saved = null;
    this.busy = false;
    this.last = null;
  }
}
