import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { DomainError } from '../errors.js';

/**
 * Encrypts small secrets (TOTP seeds, medical notes, contacts) with AES-256-GCM
 * under a key that never enters the database: WATCHFLOOR_SECRET_KEY, or
 * `secret.key` in the data folder (consoles sharing a central database share the
 * variable). The key file is made once, by boot, after it has checked that no
 * sealed data is waiting for a lost key (core/iam/secret-key.ts); it is never made here.
 */
export class SecretBox {
  private key: Buffer | null;

  constructor(key: Buffer | null, private readonly missingFile: string | null = null) {
    if (key && key.length !== 32) throw new Error('The secret key must be 32 bytes (base64 in WATCHFLOOR_SECRET_KEY).');
    this.key = key;
  }

  /** Seals and opens with `key` from now on (after a rotation committed: see core/iam/rotate-key.ts). */
  useKey(key: Buffer): void {
    if (key.length !== 32) throw new Error('The secret key must be 32 bytes.');
    this.key = key;
  }

  static fromConfig(secretKey: string | undefined, keyFile: string): SecretBox {
    if (secretKey) return new SecretBox(Buffer.from(secretKey, 'base64'));
    if (!existsSync(keyFile)) return new SecretBox(null, keyFile);
    return new SecretBox(Buffer.from(readFileSync(keyFile, 'utf8').trim(), 'base64'));
  }

  /** Writes a new random key file, owner-only; refuses to overwrite one. */
  static createKeyFile(keyFile: string): void {
    mkdirSync(dirname(keyFile), { recursive: true, mode: 0o700 });
    writeFileSync(keyFile, randomBytes(32).toString('base64'), { mode: 0o600, flag: 'wx' });
  }

  private need(): Buffer {
    if (!this.key) throw new DomainError('unavailable', this.missingFile === null ? '' : { code: 'iam.secretKeyMissing', params: { file: this.missingFile } });
    return this.key;
  }

  seal(plain: string): string {
    const iv = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', this.need(), iv);
    const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
    return ['v1', iv.toString('base64'), c.getAuthTag().toString('base64'), body.toString('base64')].join('.');
  }

  open(sealed: string): string {
    const [v, iv, tag, body] = sealed.split('.');
    if (v !== 'v1' || !iv || !tag || !body) throw new Error('not a sealed secret');
    const d = createDecipheriv('aes-256-gcm', this.need(), Buffer.from(iv, 'base64'));
    d.setAuthTag(Buffer.from(tag, 'base64'));
    return Buffer.concat([d.update(Buffer.from(body, 'base64')), d.final()]).toString('utf8');
  }
}
