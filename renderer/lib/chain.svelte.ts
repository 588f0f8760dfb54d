import type { ChainStatus } from '../../core/contract/index.js';
import { errorText } from './errors.js';
import type { Client } from './trpc.js';

/** The audit chain's last verification, shared by the top bar badge and the audit view. */
export class ChainManager {
  status = $state<ChainStatus | null>(null);
  checking = $state(false);
  error = $state<string | null>(null);

  constructor(private readonly client: Client) {}

  /** `full` re-verifies from entry 1; otherwise core only checks entries added since its last check. */
  async check(full = false): Promise<void> {
    this.checking = true;
    try {
      this.status = await this.client.audit.chainStatus.query({ full });
      this.error = null;
    } catch (err) {
      this.error = errorText(err);
    } finally {
      this.checking = false;
    }
  }

  reset(): void {
    this.status = null;
    this.checking = false;
    this.error = null;
  }
}
