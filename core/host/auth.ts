import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/**
 * Only the person who started the host may drive it: a random token per run
 * travels once in the printed URL and is then kept in an HttpOnly cookie.
 * Cookies ignore ports, so the cookie's name carries the port.
 */
export class HostAuth {
  readonly token = randomBytes(24).toString('base64url');
  constructor(private readonly port: number) {}

  get cookieName(): string {
    return `wf_token_${this.port}`;
  }

  matches(candidate: string | null | undefined): boolean {
    if (!candidate) return false;
    const a = Buffer.from(candidate);
    const b = Buffer.from(this.token);
    return a.length === b.length && timingSafeEqual(a, b);
  }

  setCookieHeader(): string {
    return `${this.cookieName}=${this.token}; HttpOnly; SameSite=Strict; Path=/`;
  }

  hasCookie(req: IncomingMessage): boolean {
    return this.matches(readCookie(req.headers.cookie, this.cookieName));
  }

  /** WebSockets are also refused from pages of other origins, even with the cookie. */
  originAllowed(req: IncomingMessage): boolean {
    const origin = req.headers.origin;
    return origin === `http://127.0.0.1:${this.port}` || origin === `http://localhost:${this.port}`;
  }
}

export function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of header?.split(';') ?? []) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}
