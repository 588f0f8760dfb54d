import { createCipheriv, createDecipheriv, randomBytes, scryptSync } from 'node:crypto';
import { DomainError } from '../errors.js';

/** What a backup keeps of the keys that live outside the database. */
export interface BackupKeys {
  /** Base64 of the 32-byte `secret.key` (sealed medical notes, contacts, TOTP seeds). */
  secretKey: string | null;
  /** PEM of `audit-signing.key` (the audit log's signed checkpoints). */
  auditSigningKey: string | null;
}

interface Sealed {
  kdf: 'scrypt';
  N: number;
  r: number;
  p: number;
  salt: string;
  iv: string;
  tag: string;
  data: string;
}

const COST = { N: 1 << 15, r: 8, p: 1 };
const MIN_PASSPHRASE = 8;

const derive = (passphrase: string, salt: Buffer, c: { N: number; r: number; p: number }) =>
  scryptSync(passphrase.normalize('NFC'), salt, 32, { ...c, maxmem: 256 * c.N * c.r });

/** Seals the keys with a passphrase (scrypt, then AES-256-GCM): the text goes into a backup file. */
export function sealKeys(keys: BackupKeys, passphrase: string): string {
  if (passphrase.length < MIN_PASSPHRASE) throw new DomainError('invalid', { code: 'backup.passphraseTooShort', params: { min: MIN_PASSPHRASE } });
  const salt = randomBytes(16);
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', derive(passphrase, salt, COST), iv);
  const data = Buffer.concat([c.update(JSON.stringify(keys), 'utf8'), c.final()]);
  const sealed: Sealed = { kdf: 'scrypt', ...COST, salt: salt.toString('base64'), iv: iv.toString('base64'), tag: c.getAuthTag().toString('base64'), data: data.toString('base64') };
  return JSON.stringify(sealed);
}

/** Opens sealed keys; a wrong passphrase is refused by name (GCM's tag does not match). */
export function openKeys(text: string, passphrase: string): BackupKeys {
  const s = JSON.parse(text) as Sealed;
  if (s.kdf !== 'scrypt' || s.N > 1 << 20) throw new DomainError('invalid', { code: 'backup.unknownSeal' });
  const d = createDecipheriv('aes-256-gcm', derive(passphrase, Buffer.from(s.salt, 'base64'), s), Buffer.from(s.iv, 'base64'));
  d.setAuthTag(Buffer.from(s.tag, 'base64'));
  try {
    return JSON.parse(Buffer.concat([d.update(Buffer.from(s.data, 'base64')), d.final()]).toString('utf8')) as BackupKeys;
  } catch {
    throw new DomainError('invalid', { code: 'backup.wrongPassphrase' });
  }
}
