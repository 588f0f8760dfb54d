import type { SystemStatus } from '../../core/contract/index.js';
import { t } from '../i18n/i18n.svelte.js';
import { errorCode } from './errors.js';
import type { Client, ConnectionState } from './trpc.js';

/** What the top bar shows: the link to core and core's own status stream. */
export class StatusManager {
  link = $state<ConnectionState>('connecting');
  status = $state<SystemStatus | null>(null);
  /** A reason the console cannot work at all (database refused, core unreachable). */
  fault = $derived.by(() => {
    if (this.status && !this.status.database.ok) return this.status.database.error ?? t('shell.link.noDatabase');
    return null;
  });
  #unsubscribe: (() => void) | null = null;

  watch(client: Client): void {
    this.#unsubscribe?.();
    const sub = client.system.onStatus.subscribe(undefined, {
      onData: (s) => (this.status = s),
      // A stream opened signed in ends with the session (UNAUTHORIZED): the console restarts it
      // signed out (App), and the link itself is still open.
      onError: (err) => {
        if (errorCode(err) !== 'UNAUTHORIZED') this.link = 'closed';
      },
    });
    this.#unsubscribe = () => sub.unsubscribe();
  }

  reset(): void {
    this.#unsubscribe?.();
    this.#unsubscribe = null;
    this.link = 'connecting';
    this.status = null;
  }
}
