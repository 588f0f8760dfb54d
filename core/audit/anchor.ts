import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Queryable } from '../../db/index.js';
import type { AuditVerifyKey } from './signing.js';

/**
 * The highest signed checkpoint this console has seen, kept in its data folder:
 * a log cut back below it, or rewritten under it, no longer matches it, even
 * when whoever did it also removed the checkpoints in the database.
 */
export interface Anchor {
  seq: number;
  hash: string;
  keyId: string;
  signature: string;
  seenAt: string;
}

export const anchorFile = (dataDir: string) => join(dataDir, 'audit-anchor.json');

/** The anchor in `file`, or null when there is none; an unreadable file is an error naming it. */
export function readAnchor(file: string): Anchor | null {
  if (!existsSync(file)) return null;
  try {
    const a = JSON.parse(readFileSync(file, 'utf8')) as Anchor;
    if (!Number.isSafeInteger(a.seq) || !/^[0-9a-f]{64}$/.test(a.hash) || typeof a.signature !== 'string') throw new Error('fields missing');
    return a;
  } catch (err) {
    throw new Error(`${file} is not a readable audit anchor (${(err as Error).message})`, { cause: err });
  }
}

function writeAnchor(file: string, a: Anchor): void {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(a, null, 1) + '\n', { mode: 0o600 });
  renameSync(tmp, file);
}

/**
 * Moves the anchor up to the highest checkpoint `key` signed in the database,
 * once its signature verifies and its entry still has that hash. Never moves it
 * down: a database behind its anchor is for `audit:verify` to name.
 */
export async function advanceAnchor(db: Queryable, key: AuditVerifyKey, file: string, now: Date): Promise<Anchor | null> {
  const current = readAnchor(file);
  const [top] = await db.query<{ seq: string; hash: string; signature: string }>(
    `SELECT c.seq, c.hash, c.signature FROM audit.checkpoints c JOIN audit.entries e ON e.seq = c.seq AND e.hash = c.hash
     WHERE c.key_id = $1 ORDER BY c.seq DESC LIMIT 1`, [key.keyId]);
  if (!top || (current && current.keyId === key.keyId && Number(top.seq) <= current.seq)) return current;
  if (!key.verify(Number(top.seq), top.hash, top.signature)) return current;
  const next: Anchor = { seq: Number(top.seq), hash: top.hash, keyId: key.keyId, signature: top.signature, seenAt: now.toISOString() };
  writeAnchor(file, next);
  return next;
}
