import type { Queryable } from '../../db/index.js';
import type { AuditEntry } from './chain.js';
import { fromRow, type AuditRow } from './store.js';
import type { ExportManifest } from './verify.js';

/**
 * The log (or a seq range of it) as JSONL, one entry per line in chain order,
 * with a manifest naming the count and the last hash so a truncated file is caught.
 */
export async function exportAudit(db: Queryable, at: Date, range: { fromSeq?: number; toSeq?: number } = {}): Promise<{ jsonl: string; manifest: ExportManifest }> {
  const lines: string[] = [];
  let last: AuditEntry | null = null;
  let first: AuditEntry | null = null;
  let after = (range.fromSeq ?? 1) - 1;
  const to = range.toSeq ?? Number.MAX_SAFE_INTEGER;
  for (;;) {
    const rows = await db.query<AuditRow>('SELECT * FROM audit.entries WHERE seq > $1 AND seq <= $2 ORDER BY seq LIMIT 10000', [after, to]);
    for (const r of rows) {
      const e = fromRow(r);
      first ??= e;
      last = e;
      lines.push(JSON.stringify(e));
    }
    if (rows.length < 10000) break;
    after = last!.seq;
  }
  return {
    jsonl: lines.length ? lines.join('\n') + '\n' : '',
    manifest: {
      format: 'watchfloor-audit-jsonl/1',
      count: lines.length,
      firstSeq: first?.seq ?? null,
      lastSeq: last?.seq ?? null,
      lastHash: last?.hash ?? '',
      exportedAt: at.toISOString(),
    },
  };
}
