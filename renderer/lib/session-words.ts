// The session's words on the renderer's side, in one place; each reads the current language when called.
// Why a session or a stream ended is worded by core and shown as it comes.
import { t } from '../i18n/i18n.svelte.js';

export const sessionWords = {
  /** A reconnected socket is a new connection: its session could not be re-attached. */
  reconnectLost: () => t('shell.session.reconnectLost'),
  /** Above the reason a stream was stopped for (roles changed). */
  streamStopped: () => t('shell.session.streamStopped'),
  dismiss: () => t('shell.session.dismiss'),
};
