import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The signing key's file in the data folder, beside `secret.key`. */
export const signingKeyFile = (dataDir: string) => join(dataDir, 'audit-signing.key');

/** What a checkpoint signs: the entry's number and hash, under a fixed label. */
export const checkpointMessage = (seq: number, hash: string) => Buffer.from(`watchfloor-audit-checkpoint/1\n${seq}\n${hash}`, 'utf8');

/** The public half: checks checkpoints. Its id is the first 16 hex digits of sha256 of the raw key. */
export class AuditVerifyKey {
  readonly keyId: string;
  constructor(readonly publicKey: KeyObject) {
    const raw = publicKey.export({ format: 'der', type: 'spki' });
    this.keyId = createHash('sha256').update(raw).digest('hex').slice(0, 16);
  }

  verify(seq: number, hash: string, signature: string): boolean {
    try {
      return verify(null, checkpointMessage(seq, hash), this.publicKey, Buffer.from(signature, 'base64'));
    } catch {
      return false;
    }
  }
}

/**
 * Signs checkpoints of the audit chain with an Ed25519 key that never enters
 * the database: `audit-signing.key` (PKCS#8 PEM, mode 0600) in the data folder,
 * created on first use. Consoles sharing a central database share the file.
 */
export class AuditSigner extends AuditVerifyKey {
  constructor(private readonly privateKey: KeyObject) {
    super(createPublicKey(privateKey));
    if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error('The audit signing key must be an Ed25519 key.');
  }

  static generate(): AuditSigner {
    return new AuditSigner(generateKeyPairSync('ed25519').privateKey);
  }

  /** Reads the key file, or creates it when there is none. A file that is not an Ed25519 key is an error naming it. */
  static fromFile(file: string): AuditSigner {
    if (!existsSync(file)) {
      mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
      const pem = generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' });
      writeFileSync(file, pem, { mode: 0o600, flag: 'wx' });
    }
    return AuditSigner.read(file);
  }

  /** Reads an existing key file; never creates one (for verifiers). */
  static read(file: string): AuditSigner {
    try {
      return new AuditSigner(createPrivateKey(readFileSync(file, 'utf8')));
    } catch (err) {
      throw new Error(`${file} is not a usable audit signing key: ${(err as Error).message}`, { cause: err });
    }
  }

  sign(seq: number, hash: string): string {
    return sign(null, checkpointMessage(seq, hash), this.privateKey).toString('base64');
  }
}

/**
 * The key a console or tool working on `dataDir` signs with: the folder's key file,
 * made there on first use. Never a folder of its own: without the data folder
 * (tools, tests) there is no key and nothing is signed.
 */
export function dataFolderSigner(dataDir: string): AuditSigner | null {
  return existsSync(dataDir) ? AuditSigner.fromFile(signingKeyFile(dataDir)) : null;
}
