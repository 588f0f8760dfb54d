import { createReadStream, existsSync, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Queryable } from '../../db/index.js';
import { ChainVerifier, type AuditEntry, type ChainProblem } from './chain.js';
import { fromRow, type AuditRow } from './store.js';

export interface VerifyResult {
  ok: boolean;
  count: number;
  lastSeq: number;
  lastHash: string;
  problem: ChainProblem | null;
}

const result = (v: ChainVerifier): VerifyResult => ({ ok: !v.problem, count: v.count, lastSeq: v.lastSeq, lastHash: v.lastHash, problem: v.problem });

/**
 * Walks the chain in the database in pages of `batch` entries by seq.
 * `from` continues an earlier verification instead of starting at entry 1.
 */
export async function verifyDb(db: Queryable, opts: { batch?: number; from?: { lastSeq: number; lastHash: string } } = {}): Promise<VerifyResult> {
  const batch = opts.batch ?? 20_000;
  const v = new ChainVerifier(opts.from);
  for (;;) {
    const rows = await db.query<AuditRow>('SELECT * FROM audit.entries WHERE seq > $1 ORDER BY seq LIMIT $2', [v.lastSeq, batch]);
    for (const r of rows) if (!v.push(fromRow(r))) return result(v);
    if (rows.length < batch) return result(v);
  }
}

export interface ExportManifest {
  format: 'watchfloor-audit-jsonl/1';
  count: number;
  firstSeq: number | null;
  lastSeq: number | null;
  lastHash: string;
  exportedAt: string;
}

/**
 * Verifies an export: the chain inside the JSONL file, and, when its manifest
 * is beside it (`<file>.manifest.json`), that the file ends where the manifest says.
 */
export async function verifyFile(path: string, manifestPath = `${path}.manifest.json`): Promise<VerifyResult & { manifest: ExportManifest | null }> {
  let v: ChainVerifier | null = null;
  let line = 0;
  for await (const text of createInterface({ input: createReadStream(path), crlfDelay: Infinity })) {
    line++;
    if (!text.trim()) continue;
    let e: AuditEntry;
    try {
      e = JSON.parse(text) as AuditEntry;
    } catch {
      return { ...result(v ?? new ChainVerifier()), ok: false, problem: { seq: NaN, reason: `line ${line} is not JSON` }, manifest: null };
    }
    // An export may start mid-log: its first entry anchors the chain.
    v ??= new ChainVerifier({ lastSeq: e.seq - 1, lastHash: e.prevHash });
    if (!v.push(e)) break;
  }
  v ??= new ChainVerifier();
  const manifest = existsSync(manifestPath) ? (JSON.parse(readFileSync(manifestPath, 'utf8')) as ExportManifest) : null;
  const r = result(v);
  if (r.ok && manifest && (manifest.count !== r.count || manifest.lastHash !== r.lastHash)) {
    return { ...r, ok: false, problem: { seq: r.lastSeq + 1, reason: `the file holds ${r.count} entries ending in ${r.lastHash.slice(0, 12)}, the manifest says ${manifest.count} ending in ${manifest.lastHash.slice(0, 12)} (entries removed from the end?)` }, manifest };
  }
  return { ...r, manifest };
}
