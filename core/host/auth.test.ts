import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { HostAuth, readCookie } from './auth.js';

const req = (headers: Record<string, string>) => ({ headers }) as unknown as IncomingMessage;

describe('HostAuth', () => {
  const auth = new HostAuth(4780);
  it('makes a fresh unguessable token per run', () => {
    expect(auth.token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(new HostAuth(4780).token).not.toBe(auth.token);
  });
  it('accepts only its own token, from the URL or the cookie', () => {
    expect(auth.matches(auth.token)).toBe(true);
    expect(auth.matches(auth.token.slice(1))).toBe(false);
    expect(auth.matches('')).toBe(false);
    expect(auth.hasCookie(req({ cookie: `a=b; wf_token_4780=${auth.token}` }))).toBe(true);
    expect(auth.hasCookie(req({ cookie: `wf_token_4781=${auth.token}` }))).toBe(false);
    expect(auth.setCookieHeader()).toMatch(/HttpOnly; SameSite=Strict/);
  });
  it('allows WebSockets only from its own origin', () => {
    expect(auth.originAllowed(req({ origin: 'http://127.0.0.1:4780' }))).toBe(true);
    expect(auth.originAllowed(req({ origin: 'http://localhost:4780' }))).toBe(true);
    expect(auth.originAllowed(req({ origin: 'http://127.0.0.1:4781' }))).toBe(false);
    expect(auth.originAllowed(req({ origin: 'http://evil.example.com' }))).toBe(false);
    expect(auth.originAllowed(req({}))).toBe(false);
  });
  it('reads cookies', () => {
    expect(readCookie(' x=1;y = 2 ', 'y')).toBe('2');
    expect(readCookie(undefined, 'y')).toBeUndefined();
  });
});
