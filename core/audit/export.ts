import type { Queryable } from '../../db/index.js';
import type { ChainLink } from './chain.js';
import type { ExportManifest } from './verify.js';

export interface SeqRange { fromSeq?: number; toSeq?: number }

/**
 * The log (or a seq range of it) a page at a time in chain order: seq, prevHash, hash and
 * the body exactly as hashed. Each page is its own short query, so a long export lets
 * other writers (ingest on the embedded database) in between pages.
 */
export async function* auditPages(db: Queryable, range: SeqRange, pageSize = 10_000): AsyncGenerator<ChainLink[]> {
  let after = (range.fromSeq ?? 1) - 1;
  const [tip] = await db.query<{ seq: string | null }>('SELECT max(seq) AS seq FROM audit.entries');
  const to = Math.min(range.toSeq ?? Number.MAX_SAFE_INTEGER, Number(tip?.seq ?? 0));
  // Each page is a bounded seq range, never "the next N after": without statistics the planner
  // reads every row after `after` for that (a sort of the rest of the log per page).
  while (after < to) {
    const end = Math.min(to, after + pageSize);
    const rows = await db.query<{ seq: string; prev_hash: string; hash: string; body: string }>(
      'SELECT seq, prev_hash, hash, body::text AS body FROM audit.entries WHERE seq > $1 AND seq <= $2 ORDER BY seq', [after, end]);
    if (rows.length) yield rows.map((r) => ({ seq: Number(r.seq), prevHash: r.prev_hash, hash: r.hash, body: r.body }));
    after = end;
  }
}

/**
 * The manifest names the count and last hash so a cut-off file is caught. The signed
 * checkpoints of the last entry travel with the export: a copy re-hashed whole,
 * manifest included, no longer matches them (audit:verify --file with the key).
 */
export async function exportManifest(db: Queryable, at: Date, count: number, first: ChainLink | null, last: ChainLink | null): Promise<ExportManifest> {
  const checkpoints = last
    ? (await db.query<{ key_id: string; signature: string }>('SELECT key_id, signature FROM audit.checkpoints WHERE seq = $1 AND hash = $2 ORDER BY key_id', [last.seq, last.hash]))
      .map((c) => ({ keyId: c.key_id, signature: c.signature }))
    : [];
  return {
    format: 'watchfloor-audit-jsonl/1',
    count,
    firstSeq: first?.seq ?? null,
    lastSeq: last?.seq ?? null,
    lastHash: last?.hash ?? '',
    exportedAt: at.toISOString(),
    checkpoints,
  };
}

/** The log (or a range) as one JSONL string plus its manifest: for archives of a bounded range (archive.ts). */
export async function exportAudit(db: Queryable, at: Date, range: SeqRange = {}): Promise<{ jsonl: string; manifest: ExportManifest }> {
  const lines: string[] = [];
  let first: ChainLink | null = null;
  let last: ChainLink | null = null;
  for await (const page of auditPages(db, range)) {
    first ??= page[0]!;
    last = page[page.length - 1]!;
    for (const link of page) lines.push(JSON.stringify(link));
  }
  return { jsonl: lines.length ? lines.join('\n') + '\n' : '', manifest: await exportManifest(db, at, lines.length, first, last) };
}
