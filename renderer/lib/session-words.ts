// The session's words on the renderer's side, in one catalogue (English), so they are translated in one place.
// Why a session or a stream ended is worded by core and shown as it comes.

export const sessionWords = {
  /** A reconnected socket is a new connection: its session could not be re-attached. */
  reconnectLost: 'Your session ended; sign in again.',
  /** Above the reason a stream was stopped for (roles changed). */
  streamStopped: 'A live view stopped',
  dismiss: 'Dismiss',
};
