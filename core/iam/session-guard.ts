import { TRPCError } from '@trpc/server';
import type { Db } from '../../db/index.js';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import type { Access, SessionUser } from '../contract/index.js';
import type { Logger } from '../logger.js';
import type { Connection } from './connection.js';
import { endedWords, resolveSession } from './sessions.js';
import { trpcRefusal } from '../errors.js';

/** Open subscriptions one connection (a socket, a window) may hold: signed in, and not. */
export const SUBSCRIPTION_LIMITS = { signedIn: 100, anonymous: 5 };

interface Watched {
  conn: Connection;
  /** The session the subscription was opened under; null for a public one opened signed out. */
  token: string | null;
  access: Access;
  end(err: TRPCError): void;
}

/**
 * Keeps every subscription within the session and permissions that opened it.
 * Each one is re-checked whenever a session may have changed (after any sign-in,
 * sign-out or user change on this console, and every `tickMs` for what other
 * consoles, idle expiry and the clock do) and ends with the reason in words:
 * logout, inactivity, a disabled account (UNAUTHORIZED), or roles that no
 * longer hold its permission (FORBIDDEN). A public one opened signed out is
 * bound to no session. Each connection holds a limited number of them.
 */
export class SessionGuard {
  private readonly watched = new Set<Watched>();
  private readonly counts = new Map<Connection, { signedIn: number; anonymous: number }>();
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;

  constructor(
    private readonly deps: { db: Db; clock: Clock; config: Config; log: Logger },
    private readonly limits = SUBSCRIPTION_LIMITS,
  ) {}

  start(tickMs = 5000): void {
    this.timer = setInterval(() => void this.recheck(), tickMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** How many subscriptions `conn` holds now. */
  held(conn: Connection): { signedIn: number; anonymous: number } {
    return { ...(this.counts.get(conn) ?? { signedIn: 0, anonymous: 0 }) };
  }

  /**
   * Takes one of the connection's places for a subscription, or refuses it over
   * the limit. `wrap` runs its events for as long as its session and permission
   * hold; `release` gives the place back when it never started.
   */
  admit(ctx: { conn: Connection; user: SessionUser | null }, access: Access): { wrap<T>(inner: AsyncIterable<T>): AsyncIterable<T>; release(): void } {
    const kind = ctx.user ? 'signedIn' : 'anonymous';
    const count = this.counts.get(ctx.conn) ?? { signedIn: 0, anonymous: 0 };
    if (count[kind] >= this.limits[kind]) {
      throw trpcRefusal('TOO_MANY_REQUESTS', { code: ctx.user ? 'iam.tooManySubscriptions' : 'iam.tooManySubscriptionsSignedOut', params: { n: count[kind] } });
    }
    count[kind]++;
    this.counts.set(ctx.conn, count);
    // Why the subscription was ended, and the wait for its next event to break off then. Not a promise
    // raced with each event: a promise that stays pending holds every race's result, so each event the
    // stream ever sent stayed in memory for as long as the stream was open.
    let ended: TRPCError | null = null;
    let breakOff: ((err: TRPCError) => void) | null = null;
    const stop = (err: TRPCError) => {
      ended ??= err;
      breakOff?.(err);
    };
    const w: Watched = { conn: ctx.conn, token: ctx.user ? ctx.conn.token : null, access, end: stop };
    this.watched.add(w);
    const release = () => {
      if (!this.watched.delete(w)) return;
      count[kind]--;
      if (count.signedIn + count.anonymous === 0) this.counts.delete(ctx.conn);
    };
    return {
      release,
      wrap: <T>(inner: AsyncIterable<T>): AsyncIterable<T> => ({
        async *[Symbol.asyncIterator]() {
          const it = inner[Symbol.asyncIterator]();
          try {
            for (;;) {
              if (ended) throw ended;
              const r = await new Promise<IteratorResult<T>>((resolve, reject) => {
                breakOff = reject;
                it.next().then(resolve, reject);
              });
              breakOff = null;
              if (r.done) return;
              yield r.value;
            }
          } finally {
            release();
            // Not awaited: a stream waiting for its next event ends when its signal aborts.
            void it.return?.()?.catch(() => {});
          }
        },
      }),
    };
  }

  /**
   * Checks every session with open subscriptions once (calls that come while a
   * check runs are folded into one more); resolves when done.
   */
  recheck(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      do {
        this.again = false;
        await this.checkAll().catch((err: unknown) => this.deps.log.error('subscription session check failed', { err: (err as Error).message }));
      } while (this.again);
      this.running = null;
    })();
    return this.running;
  }

  private async checkAll(): Promise<void> {
    const byToken = new Map<string, Watched[]>();
    for (const w of this.watched) if (w.token) byToken.set(w.token, [...(byToken.get(w.token) ?? []), w]);
    for (const [token, subs] of byToken) {
      const { user, ended } = await resolveSession({ ...this.deps, conn: { token } }, { touch: false });
      for (const w of subs) {
        if (!user) w.end(trpcRefusal('UNAUTHORIZED', endedWords(ended ?? 'ended')));
        else if (w.access !== 'public' && w.access !== 'authenticated' && !user.permissions.includes(w.access)) {
          w.end(trpcRefusal('FORBIDDEN', { code: 'iam.rolesChanged', params: { permission: w.access, email: user.email } }));
        }
      }
    }
  }
}
