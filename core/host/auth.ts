import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/**
 * Only the person who started the host may drive it: a random token per run
 * travels once in the printed URL and is then swapped for an HttpOnly cookie.
 * Cookies ignore ports, so the cookie's name carries the port and the start of
 * the token's hash (another run, or another console on another port, has its
 * own cookie); its value is derived from the token, which itself never sits in
 * the browser's cookie store.
 */
export class HostAuth {
  readonly token = randomBytes(24).toString('base64url');
  constructor(private readonly port: number) {}

  get cookieName(): string {
    return `wf_token_${this.port}_${createHash('sha256').update(this.token).digest('hex').slice(0, 12)}`;
  }

  private get cookieValue(): string {
    return createHmac('sha256', this.token).update(`watchfloor host cookie ${this.port}`).digest('base64url');
  }

  matches(candidate: string | null | undefined): boolean {
    if (!candidate) return false;
    const a = Buffer.from(candidate);
    const b = Buffer.from(this.token);
    return a.length === b.length && timingSafeEqual(a, b);
  }

  setCookieHeader(): string {
    return `${this.cookieName}=${this.cookieValue}; HttpOnly; SameSite=Strict; Path=/`;
  }

  hasCookie(req: IncomingMessage): boolean {
    const got = readCookie(req.headers.cookie, this.cookieName);
    if (!got) return false;
    const a = Buffer.from(got);
    const b = Buffer.from(this.cookieValue);
    return a.length === b.length && timingSafeEqual(a, b);
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
