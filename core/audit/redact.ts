// Fields never written to the audit log in clear: secrets, and personal data as the
// contract's schemas declare it (core/contract/personal.ts), not as a name pattern guesses it.
import { declaredPersonalKeys } from '../contract/index.js';

const SECRETS = new Set(['password', 'password_hash', 'passwordHash', 'token', 'token_hash', 'totp_secret', 'totpSecret', 'totp_secret_enc', 'secret']);

export const REDACTED = '[redacted]';

export function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact);
  if (value === null || typeof value !== 'object' || value instanceof Date) return value;
  const personal = declaredPersonalKeys();
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, SECRETS.has(k) || personal.has(k) ? REDACTED : redact(v)]),
  );
}
