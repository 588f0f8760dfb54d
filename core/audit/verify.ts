import { createReadStream, existsSync, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Queryable } from '../../db/index.js';
import { ChainVerifier, GENESIS, problems, type ChainLink, type ChainProblem } from './chain.js';
import { liveStart } from './segments.js';
import type { AuditVerifyKey } from './signing.js';

export interface VerifyResult {
  ok: boolean;
  count: number;
  lastSeq: number;
  lastHash: string;
  problem: ChainProblem | null;
}

const result = (v: ChainVerifier): VerifyResult => ({ ok: !v.problem, count: v.count, lastSeq: v.lastSeq, lastHash: v.lastHash, problem: v.problem });

/**
 * Verifies the chain inside the database, a range of seq at a time: each
 * entry's hash is recomputed from its body (every other column is generated
 * from the body) and linked to the entry before it. The first problem is
 * named as the file verifier would name it. `from` continues an earlier check;
 * `to` stops at that entry.
 */
export async function verifyDb(
  db: Queryable, opts: { batch?: number; from?: { lastSeq: number; lastHash: string }; to?: number } = {},
): Promise<VerifyResult> {
  // Small ranges: each one's window sort fits in PostgreSQL's default work_mem (4 MB), where a
  // range of 250,000 spilled to disk and verified PGlite's log ~1.5× slower (PGlite has no
  // autovacuum to keep the row estimates that would pick another plan).
  const batch = opts.batch ?? 5_000;
  const to = opts.to ?? Number.MAX_SAFE_INTEGER;
  // Archived entries are skipped: the live chain starts at the archive's anchored last entry.
  const live = await liveStart(db, opts.from ?? { lastSeq: 0, lastHash: GENESIS });
  if ('reason' in live) return { ok: false, count: 0, lastSeq: (opts.from?.lastSeq ?? 0), lastHash: '', problem: live };
  const start = live;
  let { lastSeq, lastHash } = start;
  const failed = (ok: number, problem: ChainProblem): VerifyResult => ({ ok: false, count: ok - start.lastSeq, lastSeq: ok, lastHash: '', problem });
  for (;;) {
    const [bad] = await db.query<{ seq: string; before_seq: string; problem: 'gap' | 'link' | 'hash' }>(
      `WITH w AS (
         SELECT seq, prev_hash, hash, encode(sha256(convert_to(prev_hash || E'\\n' || body::text, 'UTF8')), 'hex') AS computed,
                coalesce(lag(seq) OVER (ORDER BY seq), $1) AS before_seq, coalesce(lag(hash) OVER (ORDER BY seq), $2) AS before_hash
         FROM audit.entries WHERE seq > $1 AND seq <= least($1 + $3, $4))
       SELECT seq, before_seq, CASE WHEN seq <> before_seq + 1 THEN 'gap' WHEN prev_hash <> before_hash THEN 'link' ELSE 'hash' END AS problem
       FROM w WHERE seq <> before_seq + 1 OR prev_hash <> before_hash OR computed <> hash ORDER BY seq LIMIT 1`,
      [lastSeq, lastHash, batch, to],
    );
    if (bad) {
      const seq = Number(bad.seq);
      const before = Number(bad.before_seq);
      if (bad.problem === 'gap') return failed(before, problems.missing(before + 1, seq - 1));
      if (bad.problem === 'link') return failed(seq - 1, problems.unlinked(seq, before));
      return failed(seq - 1, problems.changed(seq));
    }
    const [tip] = await db.query<{ seq: string; hash: string }>(
      'SELECT seq, hash FROM audit.entries WHERE seq > $1 AND seq <= least($1 + $2, $3) ORDER BY seq DESC LIMIT 1', [lastSeq, batch, to]);
    if (!tip) {
      // Nothing in this range: the end of the log, or a hole wider than the range.
      const [next] = await db.query<{ seq: string | null }>('SELECT min(seq) AS seq FROM audit.entries WHERE seq > $1 AND seq <= $2', [lastSeq, to]);
      if (next?.seq == null) return { ok: true, count: lastSeq - start.lastSeq, lastSeq, lastHash, problem: null };
      return failed(lastSeq, problems.missing(lastSeq + 1, Number(next.seq) - 1));
    }
    lastSeq = Number(tip.seq);
    lastHash = tip.hash;
  }
}

export interface ExportManifest {
  format: 'watchfloor-audit-jsonl/1';
  count: number;
  firstSeq: number | null;
  lastSeq: number | null;
  lastHash: string;
  exportedAt: string;
  /** Signatures of the last entry's checkpoint, as the database held them (absent in older exports). */
  checkpoints?: { keyId: string; signature: string }[];
}

/**
 * Verifies an export: the chain inside the JSONL file, and, when its manifest
 * is beside it (`<file>.manifest.json`), that the file ends where the manifest
 * says; with `key`, that the manifest carries that key's valid signature of the
 * last entry, so a copy re-hashed whole, manifest and all, is named.
 */
export async function verifyFile(
  path: string, manifestPath = `${path}.manifest.json`, key: AuditVerifyKey | null = null,
): Promise<VerifyResult & { manifest: ExportManifest | null }> {
  let v: ChainVerifier | null = null;
  let line = 0;
  for await (const text of createInterface({ input: createReadStream(path), crlfDelay: Infinity })) {
    line++;
    if (!text.trim()) continue;
    let e: ChainLink;
    try {
      e = JSON.parse(text) as ChainLink;
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
  if (r.ok && key && r.count > 0) {
    const mine = manifest?.checkpoints?.find((c) => c.keyId === key.keyId);
    if (!mine) return { ...r, ok: false, problem: problems.unsigned(r.lastSeq, r.lastSeq), manifest };
    if (!key.verify(r.lastSeq, r.lastHash, mine.signature)) return { ...r, ok: false, problem: problems.rewritten(r.lastSeq, 'the signed checkpoint in its manifest'), manifest };
  }
  return { ...r, manifest };
}
