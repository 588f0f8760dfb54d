import type { Queryable } from '../../db/index.js';
import type { ChainLink } from './chain.js';
import type { ExportManifest } from './verify.js';

/**
 * The log (or a seq range of it) as JSONL, one link per line in chain order:
 * seq, prevHash, hash and the body exactly as hashed, so the file verifies on
 * its own; the manifest names the count and last hash so a cut-off file is caught.
 */
export async function exportAudit(db: Queryable, at: Date, range: { fromSeq?: number; toSeq?: number } = {}): Promise<{ jsonl: string; manifest: ExportManifest }> {
  const lines: string[] = [];
  let first: ChainLink | null = null;
  let last: ChainLink | null = null;
  let after = (range.fromSeq ?? 1) - 1;
  const to = range.toSeq ?? Number.MAX_SAFE_INTEGER;
  for (;;) {
    const rows = await db.query<{ seq: string; prev_hash: string; hash: string; body: string }>(
      'SELECT seq, prev_hash, hash, body::text AS body FROM audit.entries WHERE seq > $1 AND seq <= $2 ORDER BY seq LIMIT 10000', [after, to]);
    for (const r of rows) {
      const link: ChainLink = { seq: Number(r.seq), prevHash: r.prev_hash, hash: r.hash, body: r.body };
      first ??= link;
      last = link;
      lines.push(JSON.stringify(link));
    }
    if (rows.length < 10000) break;
    after = last!.seq;
  }
  // The signed checkpoints of the last entry travel with the export: a copy re-hashed whole,
  // manifest included, no longer matches them (audit:verify --file with the key).
  const checkpoints = last
    ? (await db.query<{ key_id: string; signature: string }>('SELECT key_id, signature FROM audit.checkpoints WHERE seq = $1 AND hash = $2 ORDER BY key_id', [last.seq, last.hash]))
      .map((c) => ({ keyId: c.key_id, signature: c.signature }))
    : [];
  return {
    jsonl: lines.length ? lines.join('\n') + '\n' : '',
    manifest: {
      format: 'watchfloor-audit-jsonl/1',
      count: lines.length,
      firstSeq: first?.seq ?? null,
      lastSeq: last?.seq ?? null,
      lastHash: last?.hash ?? '',
      exportedAt: at.toISOString(),
      checkpoints,
    },
  };
}
