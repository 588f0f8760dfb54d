import { createHash } from 'node:crypto';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Db } from '../../db/index.js';
import type { Clock } from '../clock.js';
import { appendAudit } from './store.js';
import { entryFor, type Caller } from './write.js';
import { exportAudit } from './export.js';
import type { Segment } from './segments.js';

const writeAtomically = (path: string, data: string) => {
  writeFileSync(`${path}.partial`, data, { mode: 0o600 });
  renameSync(`${path}.partial`, path);
};

/**
 * Moves the entries written before `before` to an archive file in `folder`
 * (JSONL with its manifest, the export format, so `audit:verify --file` reads
 * it too), appends the anchoring entry naming the segment's last seq and hash
 * and the file's SHA-256, and removes the segment from the live log, in one
 * transaction. Returns null when nothing is old enough.
 */
export async function archiveAudit(caller: Caller, db: Db, clock: Clock, before: Date, folder: string): Promise<Segment | null> {
  const [end] = await db.query<{ seq: string | null }>(
    'SELECT max(seq) AS seq FROM audit.entries WHERE at < $1', [before.toISOString()]);
  if (end?.seq == null) return null;
  const lastSeq = Number(end.seq);
  const { jsonl, manifest } = await exportAudit(db, clock.now(), { toSeq: lastSeq });
  const sha256 = createHash('sha256').update(jsonl, 'utf8').digest('hex');
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  const file = join(folder, `audit-${manifest.firstSeq}-${lastSeq}.jsonl`);
  writeAtomically(`${file}.manifest.json`, JSON.stringify(manifest, null, 1));
  writeAtomically(file, jsonl);
  const values = { firstSeq: manifest.firstSeq, lastSeq, lastHash: manifest.lastHash, entries: manifest.count, sha256, file: basename(file) };
  const entry = entryFor(caller, { resourceType: 'audit_segment', resourceId: String(lastSeq), action: 'audit.archive_segment' }, 'success', { newValues: values });
  const anchorSeq = await db.transaction(async (tx) => {
    await appendAudit(tx, entry, clock.now(), { token: caller.conn?.token });
    const [r] = await tx.query<{ a: string }>('SELECT audit.archive_segment($1, $2, $3, $4) AS a', [lastSeq, manifest.lastHash, sha256, basename(file)]);
    return Number(r!.a);
  });
  return { lastSeq, lastHash: manifest.lastHash, firstSeq: manifest.firstSeq!, sha256, file, anchorSeq };
}
