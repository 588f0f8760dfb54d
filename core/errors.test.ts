// Refusals as codes with parameters: worded in English here, sent as `data.reason` (and bad
// input's issues as `data.issues`) for the renderer to word in the operator's language.
import { createTRPCClient, localLink, TRPCClientError } from '@trpc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { englishWords } from './contract/errors/index.js';
import { dataException, DomainError } from './errors.js';
import type { AppRouter } from './router.js';
import { PASSWORD, testCore } from './testing.js';

describe('a coded refusal', () => {
  it('words its English message from the catalog, byte for byte as before', () => {
    expect(new DomainError('not_found', { code: 'missions.noSuchMission' }).message).toBe('No such mission.');
    const e = new DomainError('conflict', { code: 'fleet.inMaintenance', params: { name: 'AGV 1', reason: 'brakes' } });
    expect(e.message).toBe('AGV 1 is in maintenance (brakes); return it to service first.');
    expect(e.words).toEqual({ code: 'fleet.inMaintenance', params: { name: 'AGV 1', reason: 'brakes' } });
    expect(englishWords('cases.cannotMove', { what: 'ticket', from: 'open', to: 'closed', next: 'in progress' }))
      .toBe('A ticket cannot go from open to closed: from open it can go to in progress.');
  });

  it("gives the database's data exceptions a code too", () => {
    expect(dataException({ code: '22021', message: 'x' })).toMatchObject({ message: 'Text may not contain NUL (\\0) characters.', words: { code: 'system.nulInText' } });
    expect(dataException({ code: '22P02', message: 'bad uuid' })?.words).toEqual({ code: 'system.valueKind', params: { detail: 'bad uuid' } });
  });
});

describe('refusals through a tRPC client', () => {
  let t: Awaited<ReturnType<typeof testCore>>;
  const connect = () => {
    const conn = { token: null };
    return createTRPCClient<AppRouter>({ links: [localLink({ router: t.core.router, createContext: async () => t.core.context('direct', conn) })] });
  };
  const failure = async (call: Promise<unknown>) => {
    const err = await call.then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(TRPCClientError);
    return err as TRPCClientError<AppRouter> & { data: { code: string; reason?: unknown; issues?: unknown } };
  };
  beforeAll(async () => {
    t = await testCore();
  });
  afterAll(() => t.db.close());

  it('sends a DomainError as its English message with data.reason', async () => {
    const err = await failure(connect().auth.login.mutate({ email: 'nobody@site.test', password: 'wrong password' }));
    expect(err.message).toBe('Wrong email or password.');
    expect(err.data.reason).toEqual({ code: 'iam.wrongPassword' });
  });

  it('sends access refusals with a code: signed out, and a missing permission', async () => {
    const err = await failure(connect().iam.users.query());
    expect(err.message).toBe('Sign in first.');
    expect(err.data).toMatchObject({ code: 'UNAUTHORIZED', reason: { code: 'iam.signInFirst' } });
    await t.signedIn(['viewer'], 'viewer@site.test');
    const client = connect();
    await client.auth.login.mutate({ email: 'viewer@site.test', password: PASSWORD });
    const denied = await failure(client.iam.users.query());
    expect(denied.message).toMatch(/^viewer@site\.test may not do this: it needs the [\w:]+ permission\.$/);
    expect(denied.data).toMatchObject({ code: 'FORBIDDEN', reason: { code: 'iam.needsPermission', params: { email: 'viewer@site.test' } } });
  });

  it("sends bad input's issues (code and parameters, never the value) beside the message", async () => {
    const err = await failure(connect().auth.login.mutate({ email: 'secret-not-an-email', password: 'x' } as never));
    expect(err.data.reason).toBeUndefined();
    expect(err.message).toContain('email: ');
    const issues = err.data.issues as { path: string[]; code: string; message: string }[];
    expect(issues.length).toBeGreaterThan(0);
    expect(issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)).join('; ')).toBe(err.message);
    expect(issues.find((i) => i.path[0] === 'email')).toMatchObject({ code: 'invalid_format', format: 'email' });
    expect(JSON.stringify(err.data)).not.toContain('secret-not-an-email');
  });
});
