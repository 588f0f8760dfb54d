import { randomBytes, timingSafeEqual } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { base32Encode } from './totp.js';

/**
 * While a console has no administrator, anyone who can reach it could make
 * themselves one. The first administrator's setup therefore needs a one-time
 * code that only the person who started the console has: it is printed on the
 * command line that started it and written (0600) to `setup-code` in the data folder.
 */
export class SetupCode {
  readonly file: string;

  private constructor(readonly code: string, dataDir: string) {
    this.file = join(dataDir, 'setup-code');
  }

  /** A new code (50 random bits, as XXXXX-XXXXX), written to the data folder. */
  static create(dataDir: string): SetupCode {
    const raw = base32Encode(randomBytes(7)).slice(0, 10);
    const code = new SetupCode(`${raw.slice(0, 5)}-${raw.slice(5)}`, dataDir);
    writeFileSync(code.file, `${code.code}\n`, { mode: 0o600 });
    return code;
  }

  /** Case, spaces and dashes do not matter; compared in constant time. */
  matches(candidate: string): boolean {
    const norm = (s: string) => Buffer.from(s.toUpperCase().replace(/[\s-]/g, ''));
    const a = norm(candidate);
    const b = norm(this.code);
    return a.length === b.length && timingSafeEqual(a, b);
  }

}

const codes = new WeakMap<object, SetupCode>();
/** The code of one console, kept beside its configuration (boot makes one while there is no administrator). */
export const setSetupCode = (owner: object, code: SetupCode) => void codes.set(owner, code);
export const setupCodeOf = (owner: object): SetupCode | null => codes.get(owner) ?? null;
/** Spent: the file goes and the code no longer works. */
export function spendSetupCode(owner: object): void {
  const code = codes.get(owner);
  if (code) rmSync(code.file, { force: true });
  codes.delete(owner);
}
