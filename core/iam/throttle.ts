/**
 * Slows password guessing without a CAPTCHA. Failed sign-ins are counted per
 * source (where the attempts come from) and per account (the email typed); past
 * a few free failures each further one closes that key for a doubling while
 * (1 s, 2 s, 4 s … up to `maxWaitMs`), and an attempt on a closed key is refused
 * before the password is even checked, so it neither guesses nor counts towards
 * the account's lock. A failure's answer is also held back a little longer each
 * time. A success clears both keys; keys idle for an hour are forgotten.
 */
export interface ThrottleRules {
  /** Failures free of any wait. */
  free: number;
  maxWaitMs: number;
}

export const ACCOUNT_RULES: ThrottleRules = { free: 2, maxWaitMs: 5 * 60_000 };
export const SOURCE_RULES: ThrottleRules = { free: 10, maxWaitMs: 5 * 60_000 };
const FORGET_MS = 60 * 60_000;

interface Entry {
  failures: number;
  until: number;
  last: number;
}

export class SignInThrottle {
  private readonly entries = new Map<string, Entry>();

  /** Milliseconds until `key` may try again (0: now). */
  waitMs(key: string, now: number): number {
    const e = this.entries.get(key);
    return e ? Math.max(0, e.until - now) : 0;
  }

  /** Counts a failure against `key`; returns its count. */
  failed(key: string, rules: ThrottleRules, now: number): number {
    this.forgetIdle(now);
    const e = this.entries.get(key) ?? { failures: 0, until: 0, last: now };
    e.failures += 1;
    e.last = now;
    const over = e.failures - rules.free;
    e.until = over > 0 ? now + Math.min(1000 * 2 ** (over - 1), rules.maxWaitMs) : 0;
    this.entries.set(key, e);
    return e.failures;
  }

  succeeded(key: string): void {
    this.entries.delete(key);
  }

  private forgetIdle(now: number): void {
    for (const [key, e] of this.entries) if (now - e.last > FORGET_MS && e.until < now) this.entries.delete(key);
  }
}

/** How long a failed sign-in's answer is held back: 200 ms more for each failure in a row, up to 2 s. */
export const failureDelayMs = (failures: number) => Math.min(200 * Math.max(0, failures - 1), 2000);

const throttles = new WeakMap<object, SignInThrottle>();
/** One throttle per console, kept beside its configuration (core builds each once). */
export function throttleOf(owner: object): SignInThrottle {
  let t = throttles.get(owner);
  if (!t) throttles.set(owner, (t = new SignInThrottle()));
  return t;
}
