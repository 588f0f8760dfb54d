import type { Queryable } from '../../db/index.js';
import type { Anchor } from './anchor.js';
import { problems, type ChainProblem } from './chain.js';
import type { AuditVerifyKey } from './signing.js';
import { verifyDb, type VerifyResult } from './verify.js';

export interface SignedResult extends VerifyResult {
  /** Checkpoints whose signature verified with the key. */
  signed: number;
  /** What could not be checked, in words (no key, checkpoints of other keys). */
  notes: string[];
}

/**
 * The chain (verifyDb), then what it cannot tell by itself: from the key's
 * first checkpoint on, every entry must carry one signed with `key` that
 * verifies (an entry appended around the console carries none) and matches it
 * (a re-hashed log does not); no checkpoint may lie beyond the end (a
 * truncated log), and the console's anchor must still match (truncation or
 * rewriting that also removed the checkpoints).
 */
export async function verifySigned(db: Queryable, key: AuditVerifyKey | null, anchor: Anchor | null, opts: { batch?: number } = {}): Promise<SignedResult> {
  const chain = await verifyDb(db, opts);
  const notes: string[] = [];
  if (!chain.ok) return { ...chain, signed: 0, notes };
  if (!key) return { ...chain, signed: 0, notes: ['no audit signing key was given: checkpoints and anchor not checked'] };
  const tip = chain.lastSeq;
  const fail = (problem: ChainProblem, signed: number): SignedResult =>
    ({ ...chain, ok: false, count: Math.min(chain.count, problem.seq - 1), lastSeq: problem.seq - 1, problem, signed, notes });
  // Before the key's first checkpoint the log predates it (see keeper.ts): the chain covers it.
  const [first] = await db.query<{ seq: string | null }>('SELECT min(seq) AS seq FROM audit.checkpoints WHERE key_id = $1', [key.keyId]);
  let signed = 0;
  let after = first?.seq == null ? tip : Number(first.seq) - 1;
  if (first?.seq == null && tip > 0) return fail(problems.unsigned(1, tip), 0);
  for (;;) {
    const rows = await db.query<{ seq: string; hash: string; signed_hash: string | null; signature: string | null }>(
      `SELECT e.seq, e.hash, c.hash AS signed_hash, c.signature FROM audit.entries e
       LEFT JOIN audit.checkpoints c ON c.seq = e.seq AND c.key_id = $1
       WHERE e.seq > $2 ORDER BY e.seq LIMIT 5000`, [key.keyId, after]);
    for (const r of rows) {
      const seq = Number(r.seq);
      if (r.signed_hash === null || r.signature === null) return fail(problems.unsigned(seq, seq), signed);
      if (!key.verify(seq, r.signed_hash, r.signature)) return fail(problems.badSignature(seq, 'the checkpoint'), signed);
      if (r.signed_hash !== r.hash) return fail(problems.rewritten(seq, 'its signed checkpoint'), signed);
      signed++;
      after = seq;
    }
    if (rows.length < 5000) break;
  }
  const [beyond] = await db.query<{ max: string | null }>('SELECT max(seq) AS max FROM audit.checkpoints WHERE key_id = $1 AND seq > $2', [key.keyId, tip]);
  if (beyond?.max != null) return fail(problems.truncated(tip + 1, Number(beyond.max), 'a signed checkpoint'), signed);
  if (anchor) {
    if (anchor.keyId !== key.keyId) notes.push(`the anchor was signed by key ${anchor.keyId}, not this key (${key.keyId}): not compared`);
    else if (!key.verify(anchor.seq, anchor.hash, anchor.signature)) return fail(problems.badSignature(anchor.seq, "the console's anchor"), signed);
    else if (anchor.seq > tip) return fail(problems.truncated(tip + 1, anchor.seq, `this console's anchor (seen ${anchor.seenAt})`), signed);
    else {
      const [e] = await db.query<{ hash: string }>('SELECT hash FROM audit.entries WHERE seq = $1', [anchor.seq]);
      if (e?.hash !== anchor.hash) return fail(problems.rewritten(anchor.seq, "this console's anchor"), signed);
    }
  }
  const [others] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM audit.checkpoints WHERE key_id <> $1', [key.keyId]);
  if (others!.n > 0) notes.push(`${others!.n} checkpoints signed by other keys were not checked (consoles sharing this database should share audit-signing.key)`);
  return { ...chain, signed, notes };
}
