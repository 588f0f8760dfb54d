// `npm run audit:verify -- --records records-….jsonl …`: a records archive file is the one its
// audit entry names (records.archive with the file's SHA-256), whole (its head line's count).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { Queryable } from '../../db/index.js';
import { ARCHIVE_FORMAT } from './records.js';

export type RecordsCheck = { ok: true; file: string; records: number; seq: number } | { ok: false; file: string; reason: string };

export async function verifyRecordsFile(db: Queryable, path: string): Promise<RecordsCheck> {
  const file = basename(path);
  const text = readFileSync(path, 'utf8');
  const sha256 = createHash('sha256').update(text).digest('hex');
  const [entry] = await db.query<{ seq: string }>(
    `SELECT seq FROM audit.entries WHERE action = 'records.archive' AND new_values ->> 'sha256' = $1 ORDER BY seq LIMIT 1`, [sha256]);
  if (!entry) return { ok: false, file, reason: 'its SHA-256 matches no records.archive entry in the audit log: it was changed, or is not from this database' };
  const lines = text.trimEnd().split('\n');
  let head: { format?: string; records?: number };
  try {
    head = JSON.parse(lines[0]!) as typeof head;
  } catch {
    return { ok: false, file, reason: 'its first line is not the archive head' };
  }
  if (head.format !== ARCHIVE_FORMAT || head.records !== lines.length - 1) return { ok: false, file, reason: `its head names ${head.records} records, the file holds ${lines.length - 1}` };
  return { ok: true, file, records: lines.length - 1, seq: Number(entry.seq) };
}
