import { createTRPCClient, createWSClient, wsLink, type TRPCLink } from '@trpc/client';
import { observable } from '@trpc/server/observable';
import { ipcLink } from 'trpc-electron/renderer';
import type { AppRouter } from '../../core/router.js';
import { sessionEnd } from './session-end.js';

export type ConnectionState = 'connecting' | 'open' | 'closed';

declare global {
  interface Window {
    electronTRPC?: unknown;
  }
}

/** Inside Electron the preload exposes the IPC bridge; in a browser we talk WebSocket to the host. */
function link(onState: (s: ConnectionState) => void): TRPCLink<AppRouter> {
  if (window.electronTRPC) {
    onState('open');
    return ipcLink<AppRouter>();
  }
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  const client = createWSClient({
    url: `${scheme}://${location.host}/trpc`,
    onOpen: () => onState('open'),
    onClose: () => onState('closed'),
    retryDelayMs: (attempt) => Math.min(500 * 2 ** attempt, 10_000),
    // Sent on every (re)connect, so the host attaches the session before the first call.
    connectionParams: () => {
      const token = sessionStorage.getItem('wf_session');
      return token ? { token } : null;
    },
  });
  return wsLink<AppRouter>({ client });
}

/**
 * Any call answered UNAUTHORIZED means this connection's session is gone
 * (expired, ended elsewhere, or a reconnect dropped it), and a live stream
 * answered FORBIDDEN was stopped as the user's roles changed: one place
 * notices, instead of every view checking.
 */
function watchSession(onUnauthorized: (message: string) => void, onForbidden: (message: string) => void): TRPCLink<AppRouter> {
  return () =>
    ({ next, op }) =>
      observable((observer) =>
        next(op).subscribe({
          next: (v) => observer.next(v),
          error: (err) => {
            const end = sessionEnd(err, op.type);
            if (end?.ends === 'session') onUnauthorized(end.reason);
            else if (end?.ends === 'stream') onForbidden(end.reason);
            observer.error(err);
          },
          complete: () => observer.complete(),
        }),
      );
}

export function createClient(
  onState: (s: ConnectionState) => void, onUnauthorized: (message: string) => void = () => {}, onForbidden: (message: string) => void = () => {},
) {
  return createTRPCClient<AppRouter>({ links: [watchSession(onUnauthorized, onForbidden), link(onState)] });
}
export type Client = ReturnType<typeof createClient>;
