import { createTRPCClient, createWSClient, retryLink, TRPCClientError, wsLink, type TRPCLink } from '@trpc/client';
import { observable } from '@trpc/server/observable';
import { ipcLink } from 'trpc-electron/renderer';
import type { AppRouter } from '../../core/router.js';
import { t } from '../i18n/i18n.svelte.js';
import { tooLarge } from './call-size.js';
import { keptAliveSocket, TRPC_KEEP_ALIVE } from './keep-alive.js';
import { sessionEnd } from './session-end.js';

export type ConnectionState = 'connecting' | 'open' | 'closed';

declare global {
  interface Window {
    electronTRPC?: unknown;
  }
}

/** Back within a few seconds of core coming back, not after a long backoff (attempt 0 is the first retry). */
export const backoff = (attempt: number) => Math.min(500 * 2 ** attempt, 3000);

/** Inside Electron the preload exposes the IPC bridge; in a browser we talk WebSocket to the host. */
function link(onState: (s: ConnectionState) => void, control: LinkControl): TRPCLink<AppRouter> {
  if (window.electronTRPC) {
    onState('open');
    return ownErrors(ipcLink<AppRouter>());
  }
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  const client = createWSClient({
    url: `${scheme}://${location.host}/trpc`,
    onOpen: () => onState('open'),
    onClose: () => onState('closed'),
    retryDelayMs: backoff,
    // A core that stops answering (blocked, or a half-open socket) closes the socket within about 2.5 s
    // of the page's own time: a page busy with its own work does not count that against the core.
    WebSocket: keptAliveSocket(WebSocket),
    keepAlive: TRPC_KEEP_ALIVE,
    // Sent on every (re)connect, so the host attaches the session before the first call.
    connectionParams: () => {
      const token = sessionStorage.getItem('wf_session');
      return token ? { token } : null;
    },
  });
  // Closed for good: a call made afterwards (a view's timer) would open the socket again, so none is passed on.
  let stopped = false;
  control.stop = () => ((stopped = true), void client.close());
  const ws = wsLink<AppRouter>({ client });
  return (runtime) => {
    const inner = ws(runtime);
    const refuse = (message: string) => observable<never, TRPCClientError<AppRouter>>((observer) => observer.error(TRPCClientError.from(new Error(message))));
    return ({ op, next }) => {
      if (stopped) return refuse(t('shell.link.stopped'));
      const large = tooLarge(op);
      return large ? refuse(large) : inner({ op, next });
    };
  };
}

/**
 * trpc-electron's link fails calls with its own copy of TRPCClientError, which this client does not
 * recognise: it would wrap it, and the views would find no code or reason on the error (so nothing
 * worded in the operator's language). The link's errors become this client's own again.
 */
export function ownErrors(inner: TRPCLink<AppRouter>): TRPCLink<AppRouter> {
  return (runtime) => {
    const link = inner(runtime);
    return ({ op, next }) =>
      observable((observer) =>
        link({ op, next }).subscribe({
          next: (v) => observer.next(v),
          error: (err: unknown) => {
            const shape = (err as { shape?: { message: string; code: number } }).shape;
            observer.error(err instanceof TRPCClientError ? err : shape ? TRPCClientError.from({ error: shape }, { cause: err as Error }) : TRPCClientError.from(err as Error));
          },
          complete: () => observer.complete(),
        }),
      );
  };
}

/**
 * Whether a call failed because its socket closed before the answer came (the keep-alive gave up on a
 * busy host, the host restarted), not because the host answered with an error.
 */
export function lostWithSocket(err: unknown): boolean {
  if (!(err instanceof TRPCClientError) || err.shape) return false;
  const cause = err.cause as { name?: string; type?: string } | undefined;
  return cause?.name === 'TRPCWebSocketClosedError' || cause?.type === 'close' || cause?.type === 'error';
}

/** The host could not answer (the socket closed first, or its database was unavailable): asking again may well work. */
export function unanswered(err: unknown): boolean {
  return lostWithSocket(err) || (err instanceof TRPCClientError && (err.data as { code?: string } | undefined)?.code === 'SERVICE_UNAVAILABLE');
}

/**
 * A read lost with its socket is asked again once the socket is back, so a view does not show
 * "Unknown error" (or stay stale) after a reconnect. A change is not sent again: it may have been done.
 */
export function retryLostReads(): TRPCLink<AppRouter> {
  return retryLink<AppRouter>({
    retry: ({ op, error, attempts }) => op.type === 'query' && attempts <= 4 && lostWithSocket(error),
    // `attempts` counts the first call: the first retry waits as the socket's first reconnect does.
    retryDelayMs: (attempts) => backoff(attempts - 1),
  });
}

/** Lets the page stop the socket's reconnect attempts (after a core restart they are refused with 401 forever). */
export interface LinkControl {
  stop: () => void;
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
  control: LinkControl = { stop: () => {} },
) {
  return createTRPCClient<AppRouter>({ links: [watchSession(onUnauthorized, onForbidden), retryLostReads(), link(onState, control)] });
}
export type Client = ReturnType<typeof createClient>;
