import type { BrokerSettings, BrokerSettingsInput } from '../../core/contract/index.js';
import { errorText } from './errors.js';
import type { Client } from './trpc.js';

/** The saved broker settings (admins only) and the outcome of the last save. */
export class BrokerSettingsManager {
  saved = $state.raw<BrokerSettings | null>(null);
  error = $state<string | null>(null);
  /** What core said it did with the last save. */
  note = $state<string | null>(null);
  busy = $state(false);

  constructor(private readonly client: Client) {}

  async load(): Promise<BrokerSettings | null> {
    try {
      this.saved = await this.client.system.brokerSettings.query();
      this.error = null;
    } catch (err) {
      this.error = errorText(err);
    }
    return this.saved;
  }

  /** False when core refused; the caller keeps what was typed. */
  async save(input: BrokerSettingsInput): Promise<boolean> {
    this.busy = true;
    this.error = null;
    this.note = null;
    try {
      this.note = (await this.client.system.updateBrokerSettings.mutate(input)).note;
      await this.load();
      return true;
    } catch (err) {
      this.error = errorText(err);
      return false;
    } finally {
      this.busy = false;
    }
  }

  reset(): void {
    this.saved = null;
    this.error = null;
    this.note = null;
    this.busy = false;
  }
}
