// A page whose socket to core closes under load (a reconnect) re-attaches its session: it signs the
// operator out only when core says the session is gone, never because core could not answer in time.
import { createTRPCClient, createWSClient, wsLink } from '@trpc/client';
import { initTRPC, TRPCError } from '@trpc/server';
import { applyWSSHandler } from '@trpc/server/adapters/ws';
import { afterEach, beforeEach, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import type { SessionUser } from '../../core/contract/index.js';
import { SessionManager } from './session.svelte.js';
import type { Client } from './trpc.js';

const USER: SessionUser = { id: 'u1', email: 'op@example.org', displayName: 'Operator', roles: ['operator'], permissions: ['fleet.read'], totpEnabled: false } as SessionUser;
const TOKEN = 'a-session-token-of-forty-characters-xxxx';

/** What `auth.resume` does on each call, in turn: close the caller's socket first, say the database is unavailable, answer the user after 300 ms, answer the user, answer no one, or refuse. */
type Answer = 'close' | 'unavailable' | 'slow' | 'user' | 'none' | 'unauthorized';

/** A real tRPC WebSocket server with the two calls the session manager makes, and the real client. */
async function serve(answers: Answer[]) {
  const t = initTRPC.context<{ socket: WebSocket }>().create();
  let calls = 0;
  const router = t.router({
    auth: t.router({
      resume: t.procedure.mutation(({ ctx }): Promise<SessionUser | null> => {
        const answer = answers[calls++] ?? 'user';
        if (answer === 'close') {
          ctx.socket.terminate();
          return new Promise(() => {});
        }
        if (answer === 'slow') return new Promise((ok) => setTimeout(() => ok(USER), 300));
        if (answer === 'unavailable') throw new TRPCError({ code: 'SERVICE_UNAVAILABLE', message: 'The database is not answering.' });
        if (answer === 'unauthorized') throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Your session ended; sign in again.' });
        return Promise.resolve(answer === 'user' ? USER : null);
      }),
      state: t.procedure.query(() => ({ demo: false, demoAccount: null, setupCodeFile: null, needsSetup: false })),
    }),
  });
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise((ok) => wss.once('listening', ok));
  const handler = applyWSSHandler({ wss, router, createContext: ({ res }) => ({ socket: res as unknown as WebSocket }) });
  const ws = createWSClient({ url: `ws://127.0.0.1:${(wss.address() as { port: number }).port}`, WebSocket: WebSocket as unknown as typeof globalThis.WebSocket, retryDelayMs: () => 50 });
  const client = createTRPCClient<typeof router>({ links: [wsLink({ client: ws })] }) as unknown as Client;
  stop = async () => {
    await ws.close();
    handler.broadcastReconnectNotification();
    wss.close();
  };
  return { client, calls: () => calls };
}

let stop: (() => Promise<void>) | null = null;
beforeEach(() => {
  const store = new Map<string, string>();
  globalThis.sessionStorage = {
    getItem: (k: string) => store.get(k) ?? null,
    setItem: (k: string, v: string) => void store.set(k, v),
    removeItem: (k: string) => void store.delete(k),
  } as Storage;
  sessionStorage.setItem('wf_session', TOKEN);
});
afterEach(async () => {
  await stop?.();
  stop = null;
});

async function signedIn(answers: Answer[]) {
  const served = await serve(['user', ...answers]);
  const session = new SessionManager();
  await session.start(served.client);
  expect(session.screen).toBe('ready');
  return { session, ...served };
}

it('a resume lost with its socket is asked again, and the operator stays signed in', async () => {
  const { session, calls } = await signedIn(['close', 'close']);
  await session.lost('The connection to the console was lost; sign in again.');
  expect(calls()).toBe(4);
  expect(session.screen).toBe('ready');
  expect(session.user?.email).toBe(USER.email);
  expect(sessionStorage.getItem('wf_session')).toBe(TOKEN);
});

it('a resume answered "database unavailable" is asked again too', async () => {
  const { session, calls } = await signedIn(['unavailable']);
  await session.lost('The connection to the console was lost; sign in again.');
  expect(calls()).toBe(3);
  expect(session.screen).toBe('ready');
});

it('a page that loads while core cannot answer resumes once it can, instead of asking to sign in', async () => {
  const served = await serve(['close']);
  const session = new SessionManager();
  await session.start(served.client);
  expect(served.calls()).toBe(2);
  expect(session.screen).toBe('ready');
});

it('core answering that the session is gone signs out, with the reason', async () => {
  const { session } = await signedIn(['none']);
  await session.lost('Your session ended; sign in again.');
  expect(session.screen).toBe('login');
  expect(session.error).toBe('Your session ended; sign in again.');
  expect(sessionStorage.getItem('wf_session')).toBeNull();
});

it('core refusing the token signs out at once, without asking again', async () => {
  const { session, calls } = await signedIn(['unauthorized']);
  await session.lost('Your session ended; sign in again.');
  expect(calls()).toBe(2);
  expect(session.screen).toBe('login');
});

it('an operator who signs out while a resume is asked again stays signed out when its answer comes', async () => {
  const { session, calls } = await signedIn(['close', 'slow']);
  const resuming = session.lost('The connection to the console was lost; sign in again.');
  await expect.poll(calls).toBe(3); // the retry is under way, its answer 300 ms off
  await session.logout();
  await resuming;
  expect(session.screen).toBe('login');
  expect(session.user).toBeNull();
});
