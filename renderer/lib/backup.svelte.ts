import type { BackupNowInput, BackupRun, BackupScheduleInput, BackupState } from '../../core/contract/index.js';
import { errorText } from './errors.js';
import { onLaterMessages } from './list-detail.svelte.js';
import type { Client } from './trpc.js';

/** Settings → Backup (admins): the state, a backup now with its progress, the schedule. */
export class BackupManager {
  state = $state.raw<BackupState | null>(null);
  error = $state<string | null>(null);
  /** The outcome of the last backup asked for here. */
  last = $state.raw<BackupRun | null>(null);
  busy = $state(false);
  scheduleSaved = $state(false);
  /** Values re-encrypted by the last rotation done here. */
  rotated = $state<number | null>(null);
  private polling: ReturnType<typeof setInterval> | null = null;

  #unwatch: (() => void) | null = null;

  constructor(private readonly client: Client) {}

  /** Reads the state again whenever it changes, here or on another console, until `reset`. */
  watch(): void {
    this.#unwatch?.();
    this.#unwatch = onLaterMessages((h) => this.client.backup.onChanged.subscribe(undefined, h), () => void this.load());
  }

  async load(): Promise<void> {
    try {
      // A refusal from the last action stays shown: reloading the state does not clear it.
      this.state = await this.client.backup.state.query();
    } catch (err) {
      this.error = errorText(err);
    }
  }

  /** Runs a backup; the phase shows from the state, polled while it runs. */
  async now(input: BackupNowInput): Promise<boolean> {
    this.busy = true;
    this.error = null;
    this.last = null;
    this.polling = setInterval(() => void this.load(), 500);
    try {
      this.last = await this.client.backup.now.mutate(input);
      return this.last.ok;
    } catch (err) {
      this.error = errorText(err);
      return false;
    } finally {
      this.stopPolling();
      this.busy = false;
      await this.load();
    }
  }

  async saveSchedule(input: BackupScheduleInput): Promise<boolean> {
    this.error = null;
    this.scheduleSaved = false;
    try {
      await this.client.backup.setSchedule.mutate(input);
      this.scheduleSaved = true;
      await this.load();
      return true;
    } catch (err) {
      this.error = errorText(err);
      return false;
    }
  }

  /** A new secret.key; true when done (the note says what follows). */
  async rotateKey(): Promise<boolean> {
    this.error = null;
    try {
      const r = await this.client.backup.rotateSecretKey.mutate();
      this.rotated = Object.values(r.resealed).reduce((a, b) => a + b, 0);
      await this.load();
      return true;
    } catch (err) {
      this.error = errorText(err);
      return false;
    }
  }

  private stopPolling(): void {
    if (this.polling) clearInterval(this.polling);
    this.polling = null;
  }

  reset(): void {
    this.#unwatch?.();
    this.#unwatch = null;
    this.stopPolling();
    this.state = this.last = null;
    this.error = null;
    this.busy = this.scheduleSaved = false;
    this.rotated = null;
  }
}
