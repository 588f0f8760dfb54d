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
    const cookie = auth.setCookieHeader().split(';')[0]!;
    expect(auth.hasCookie(req({ cookie: `a=b; ${cookie}` }))).toBe(true);
    expect(auth.setCookieHeader()).toMatch(/HttpOnly; SameSite=Strict/);
  });
  it('names its cookie by port and token hash, and keeps the token itself out of it', () => {
    const cookie = auth.setCookieHeader().split(';')[0]!;
    const [name, value] = cookie.split('=') as [string, string];
    expect(name).toMatch(/^wf_token_4780_[0-9a-f]{12}$/);
    expect(value).not.toContain(auth.token);
    // The old cookie (the token under a port-only name) and the same value under another port's name are refused.
    expect(auth.hasCookie(req({ cookie: `wf_token_4780=${auth.token}` }))).toBe(false);
    expect(auth.hasCookie(req({ cookie: `${name.replace('4780', '4781')}=${value}` }))).toBe(false);
    // Another run on the same port has another cookie name, so an old cookie never stands in for the new one.
    const next = new HostAuth(4780);
    expect(next.cookieName).not.toBe(name);
    expect(next.hasCookie(req({ cookie }))).toBe(false);
    expect(new HostAuth(4781).cookieName).toMatch(/^wf_token_4781_/);
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
