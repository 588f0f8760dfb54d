import { record } from '../audit/write.js';
import { DomainError } from '../errors.js';
import type { Context } from '../trpc.js';
import { ACCOUNT_RULES, failureDelayMs, SOURCE_RULES, throttleOf } from './throttle.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/**
 * No failed sign-in is answered sooner than this after it began: what a wrong password costs beyond an
 * unknown email's (counting the failure against the account) must not tell whether the email exists,
 * however busy the machine (in one CI run, a median of 36 ms against 18 ms without it).
 */
const FAILED_ANSWER_FLOOR_MS = 250;

/** One sign-in attempt, as the throttle sees it: where it comes from and which account it names. */
export class Attempt {
  /** Where the attempt comes from: the peer's address when the host knows it, else the transport. */
  readonly source: string;
  private readonly keys: { source: string; account: string };
  private readonly began = performance.now();

  constructor(private readonly ctx: Context, email: string) {
    this.source = ctx.conn.source ?? ctx.transport;
    this.keys = { source: `source ${this.source}`, account: `account ${email.toLowerCase()}` };
  }

  private get throttle() {
    return throttleOf(this.ctx.config);
  }

  /** Refuses, before any password is checked, while the source or the account must wait; audited as a denied attempt. */
  async refuseWhileThrottled(): Promise<void> {
    const now = this.ctx.clock.now().getTime();
    const wait = Math.max(this.throttle.waitMs(this.keys.source, now), this.throttle.waitMs(this.keys.account, now));
    if (wait === 0) return;
    const seconds = Math.ceil(wait / 1000);
    const claimed = { ...this.ctx, user: { id: null, email: this.keys.account.slice(8), sessionId: null } };
    await record(claimed, { resourceType: 'user', action: 'auth.login' }, 'denied', { reason: `throttled for ${seconds} s after failed sign-ins (from ${this.source})` });
    throw new DomainError('throttled', { code: 'iam.throttled', params: { seconds } });
  }

  /** Counts the failure for the source and the account, and answers no sooner than the floor, and a little later each time. */
  async failed(): Promise<void> {
    const now = this.ctx.clock.now().getTime();
    this.throttle.failed(this.keys.source, SOURCE_RULES, now);
    const n = this.throttle.failed(this.keys.account, ACCOUNT_RULES, now);
    await sleep(Math.max(0, this.began + FAILED_ANSWER_FLOOR_MS - performance.now()) + failureDelayMs(n));
  }

  succeeded(): void {
    this.throttle.succeeded(this.keys.account);
  }
}
