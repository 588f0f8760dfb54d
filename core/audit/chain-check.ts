import type { Queryable } from '../../db/index.js';
import type { ChainStatus } from '../contract/index.js';
import { GENESIS, problems, type ChainProblem } from './chain.js';
import { verifyDb, type VerifyResult } from './verify.js';

/**
 * The top bar's chain check. Each call verifies the entries appended since the
 * last one, and re-verifies a window of those already checked, moving on each
 * time and starting over at the end, so an entry edited after it was checked
 * is found within (log length / window) calls; a log re-hashed from some entry
 * on, or cut back, is found at once, as the tip checked before no longer has
 * its hash, and stays reported. `full` re-checks everything.
 */
export function chainChecker(window = 50_000) {
  let verified: VerifyResult | null = null;
  let cursor = 0;
  /** A log cut back or re-hashed under this check: the chain alone verifies again, so it is kept. */
  let seen: ChainProblem | null = null;
  const hashAt = async (db: Queryable, seq: number) =>
    seq === 0 ? GENESIS : ((await db.query<{ hash: string }>('SELECT hash FROM audit.entries WHERE seq = $1', [seq]))[0]?.hash ?? '');

  async function check(db: Queryable, full: boolean): Promise<VerifyResult> {
    if (seen && verified) return verified;
    if (full || !verified?.ok) {
      cursor = 0;
      return (verified = await verifyDb(db));
    }
    const known = verified;
    if ((await hashAt(db, known.lastSeq)) !== known.lastHash) {
      const [end] = await db.query<{ max: string | null }>('SELECT max(seq) AS max FROM audit.entries');
      const tip = Number(end?.max ?? 0);
      seen = tip < known.lastSeq ? problems.truncated(tip + 1, known.lastSeq, 'this check') : problems.rewritten(known.lastSeq, 'what this check saw before');
    }
    if (seen) return (verified = { ...known, ok: false, problem: seen });
    const to = Math.min(known.lastSeq, cursor + window);
    const old = await verifyDb(db, { from: { lastSeq: cursor, lastHash: await hashAt(db, cursor) }, to });
    if (!old.ok) return (verified = { ...old, count: old.lastSeq });
    cursor = to >= known.lastSeq ? 0 : to;
    const added = await verifyDb(db, { from: { lastSeq: known.lastSeq, lastHash: known.lastHash } });
    return (verified = { ...added, count: known.count + added.count });
  }

  return async (db: Queryable, now: Date, full: boolean): Promise<ChainStatus> => ({ ...(await check(db, full)), checkedAt: now.toISOString() });
}
