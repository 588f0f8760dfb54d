import { createTRPCClient, createWSClient, wsLink, type TRPCLink } from '@trpc/client';
import { ipcLink } from 'trpc-electron/renderer';
import type { AppRouter } from '../../core/router.js';

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
  });
  return wsLink<AppRouter>({ client });
}

export function createClient(onState: (s: ConnectionState) => void) {
  return createTRPCClient<AppRouter>({ links: [link(onState)] });
}
export type Client = ReturnType<typeof createClient>;
