/**
 * What an error ends: the whole session (any call answered UNAUTHORIZED), or
 * one live stream the user's roles no longer allow (a subscription answered
 * FORBIDDEN, after a role change). Core words the reason; it is shown as is.
 */
export function sessionEnd(err: { message: string; data?: { code?: string } | null }, opType: string): { ends: 'session' | 'stream'; reason: string } | null {
  const code = err.data?.code;
  if (code === 'UNAUTHORIZED') return { ends: 'session', reason: err.message };
  if (code === 'FORBIDDEN' && opType === 'subscription') return { ends: 'stream', reason: err.message };
  return null;
}
