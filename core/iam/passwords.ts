import { hash, verify } from '@node-rs/argon2';
import { DomainError } from '../errors.js';

// argon2id (the library's default algorithm) with OWASP's minimum: 19 MiB, 2 passes.
const options = { memoryCost: 19456, timeCost: 2, parallelism: 1 };

export function checkPasswordRules(password: string): void {
  if (password.length < 10) throw new DomainError('invalid', { code: 'iam.passwordTooShort' });
  if (password.length > 200) throw new DomainError('invalid', { code: 'iam.passwordTooLong' });
}

export const hashPassword = (password: string) => hash(password, options);
export const verifyPassword = (stored: string, password: string) => verify(stored, password).catch(() => false);

let dummy: Promise<string> | null = null;
/** A hash of nothing anyone knows, checked against when an email is unknown so it costs a wrong password's time. */
export const dummyHash = () => (dummy ??= hashPassword(`no such user ${Math.random()}`));
