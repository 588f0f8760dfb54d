import { t } from '../i18n/i18n.svelte.js';
import type { Loss } from './liveness.js';

// The words of liveness, in one place; each reads the current language when called.
export const livenessWords = {
  /** In the top bar while stale; `since` is the site time of the last answer. */
  notLive: (since: string) => t('shell.liveness.notLive', { since }),
  /** In the top bar while the console starts (core has not answered this page yet). */
  starting: () => t('shell.liveness.starting'),
  banner: {
    unreachable: (since: string) => t('shell.liveness.banner.unreachable', { since }),
    silent: (since: string) => t('shell.liveness.banner.silent', { since }),
    reconnecting: (since: string) => t('shell.liveness.banner.reconnecting', { since }),
    restarted: (since: string) => t('shell.liveness.banner.restarted', { since }),
    starting: () => t('shell.liveness.banner.starting'),
  } satisfies Record<Loss, (since: string) => string>,
  reload: () => t('shell.liveness.reload'),
};
