import type { Queryable } from '../../db/index.js';
import type { ChainProblem } from './chain.js';

export interface Segment {
  lastSeq: number;
  lastHash: string;
  firstSeq: number;
  sha256: string;
  file: string;
  anchorSeq: number;
}

/** The archived segments, oldest first (none before migration 21 or before the first archive). */
export async function archivedSegments(q: Queryable): Promise<Segment[]> {
  const [t] = await q.query<{ t: string | null }>(`SELECT to_regclass('audit.archived_segments')::text AS t`);
  if (!t?.t) return [];
  const rows = await q.query<{ last_seq: string; last_hash: string; first_seq: string; file_sha256: string; file_name: string; anchor_seq: string }>(
    'SELECT last_seq, last_hash, first_seq, file_sha256, file_name, anchor_seq FROM audit.archived_segments ORDER BY last_seq');
  return rows.map((r) => ({ lastSeq: Number(r.last_seq), lastHash: r.last_hash, firstSeq: Number(r.first_seq), sha256: r.file_sha256, file: r.file_name, anchorSeq: Number(r.anchor_seq) }));
}

/**
 * Where the live chain starts for a check that starts at `from`: when the entries
 * after `from` were archived, at the newest archived segment's last entry, whose
 * hash the next live entry links to. The segment's record must be vouched for by
 * its anchoring entry in the live log, or the problem is named.
 */
export async function liveStart(q: Queryable, from: { lastSeq: number; lastHash: string }): Promise<{ lastSeq: number; lastHash: string } | ChainProblem> {
  const segments = await archivedSegments(q);
  const newest = segments[segments.length - 1];
  if (!newest || newest.lastSeq <= from.lastSeq) return from;
  const [next] = await q.query<{ n: number }>('SELECT count(*)::int AS n FROM audit.entries WHERE seq = $1', [from.lastSeq + 1]);
  if (next!.n > 0) return from;
  const [anchor] = await q.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM audit.entries WHERE seq = $1 AND action = 'audit.archive_segment'
     AND new_values ->> 'lastSeq' = $2 AND new_values ->> 'lastHash' = $3 AND new_values ->> 'sha256' = $4`,
    [newest.anchorSeq, String(newest.lastSeq), newest.lastHash, newest.sha256]);
  if (anchor!.n === 0) {
    return { seq: newest.lastSeq + 1, reason: `entries ${newest.firstSeq}–${newest.lastSeq} are recorded as archived in ${newest.file}, but no entry in the log anchors that archive (entry ${newest.anchorSeq} should): the record is forged or the anchor was removed` };
  }
  return { lastSeq: newest.lastSeq, lastHash: newest.lastHash };
}
