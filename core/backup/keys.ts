import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { signingKeyFile } from '../audit/signing.js';
import type { BackupKeys } from './seal.js';

export const secretKeyFile = (dataDir: string) => join(dataDir, 'secret.key');

const readIf = (path: string) => (existsSync(path) ? readFileSync(path, 'utf8').trim() : null);

/** The keys a console uses that live outside the database: what a backup must carry to be readable. */
export function currentKeys(dataDir: string, secretKey?: string): BackupKeys {
  return { secretKey: secretKey ?? readIf(secretKeyFile(dataDir)), auditSigningKey: readIf(signingKeyFile(dataDir)) };
}

/** The files a restore writes for these keys, with their content. */
export function keyFiles(dir: string, keys: BackupKeys): { path: string; content: string }[] {
  const out = [];
  if (keys.secretKey) out.push({ path: secretKeyFile(dir), content: keys.secretKey });
  if (keys.auditSigningKey) out.push({ path: signingKeyFile(dir), content: `${keys.auditSigningKey}\n` });
  return out;
}
