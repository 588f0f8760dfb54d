import { createHash } from 'node:crypto';

export const GENESIS = '0'.repeat(64);

/**
 * One line of an export, and what the chain is made of: `body` is the entry
 * exactly as the database hashed it (PostgreSQL's text form of the jsonb).
 */
export interface ChainLink {
  seq: number;
  prevHash: string;
  hash: string;
  body: string;
}

/** sha256(prev_hash || "\n" || body): the database computes the same in audit.append. */
export const hashBody = (prevHash: string, body: string) => createHash('sha256').update(`${prevHash}\n${body}`, 'utf8').digest('hex');

export type ChainProblem = { seq: number; reason: string };

/** The problems a chain can have, worded once for the database and the file verifier alike. */
export const problems = {
  missing: (from: number, to: number): ChainProblem => ({ seq: from, reason: `entries ${from}–${to} are missing (deleted?)` }),
  unlinked: (seq: number, before: number): ChainProblem => ({
    seq,
    reason: `entry ${seq} does not follow entry ${before} (its previous hash differs: inserted or reordered)`,
  }),
  changed: (seq: number): ChainProblem => ({ seq, reason: `entry ${seq} was changed after it was written (its hash does not match its content)` }),
  // What the signed checkpoints and the console's anchor tell beyond the chain.
  truncated: (from: number, to: number, by: string): ChainProblem => ({
    seq: from, reason: `truncated: entries ${from}–${to} are gone from the end of the log, though ${by} vouches for entry ${to}`,
  }),
  rewritten: (seq: number, by: string): ChainProblem => ({
    seq, reason: `rewritten: entry ${seq} differs from ${by} (edited, and the chain re-hashed from there)`,
  }),
  unsigned: (from: number, to: number): ChainProblem => ({
    seq: from, reason: `forged: ${from === to ? `entry ${from} carries` : `entries ${from}–${to} carry`} no checkpoint signed by this console's key (written outside Watchfloor)`,
  }),
  badSignature: (seq: number, what: string): ChainProblem => ({ seq, reason: `forged: ${what} for entry ${seq} has a signature that does not verify` }),
};

/**
 * Checks links in order, carrying the chain state so a log can be verified
 * in pieces. Keeps the first problem, naming its entry.
 */
export class ChainVerifier {
  count = 0;
  lastSeq = 0;
  lastHash = GENESIS;
  problem: ChainProblem | null = null;

  constructor(start?: { lastSeq: number; lastHash: string }) {
    if (start) Object.assign(this, start);
  }

  /** False once a problem is found (it is kept in `problem`). */
  push(link: ChainLink): boolean {
    if (this.problem) return false;
    const expected = this.lastSeq + 1;
    if (link.seq !== expected) {
      this.problem = link.seq > expected ? problems.missing(expected, link.seq - 1) : { seq: expected, reason: `entry ${link.seq} appears out of order` };
    } else if (link.prevHash !== this.lastHash) {
      this.problem = problems.unlinked(link.seq, this.lastSeq);
    } else if (hashBody(link.prevHash, link.body) !== link.hash || bodySeq(link.body) !== link.seq) {
      this.problem = problems.changed(link.seq);
    }
    if (this.problem) return false;
    this.count++;
    this.lastSeq = link.seq;
    this.lastHash = link.hash;
    return true;
  }
}

function bodySeq(body: string): number | null {
  try {
    return (JSON.parse(body) as { seq?: number }).seq ?? null;
  } catch {
    return null;
  }
}
