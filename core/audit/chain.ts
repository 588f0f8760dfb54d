import { createHash } from 'node:crypto';

export const GENESIS = '0'.repeat(64);

/** One audit entry as stored and exported. `at` is an ISO string with milliseconds. */
export interface AuditEntry {
  seq: number;
  at: string;
  actorId: string | null;
  actorEmail: string | null;
  sessionId: string | null;
  action: string;
  resourceType: string | null;
  resourceId: string | null;
  siteId: string | null;
  oldValues: unknown;
  newValues: unknown;
  lat: number | null;
  lon: number | null;
  requestId: string | null;
  outcome: 'success' | 'denied' | 'failed';
  reason: string | null;
  prevHash: string;
  hash: string;
}

/** JSON with object keys sorted at every depth: the same value always encodes to the same bytes. */
export function canonical(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj).filter((k) => obj[k] !== undefined).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical(obj[k])}`).join(',')}}`;
}

/** SHA-256 over the previous hash and the canonical entry without its own hash. */
export function entryHash(entry: Omit<AuditEntry, 'hash'> & { hash?: string }): string {
  const { prevHash, hash: _own, ...body } = entry;
  return createHash('sha256').update(prevHash).update('\n').update(canonical(body)).digest('hex');
}

export type ChainProblem = { seq: number; reason: string };

/**
 * Checks entries in order, carrying the chain state so that a log can be
 * verified in batches. Returns the first problem, naming its entry.
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
  push(e: AuditEntry): boolean {
    if (this.problem) return false;
    const expected = this.lastSeq + 1;
    if (e.seq !== expected) {
      this.problem = { seq: expected, reason: e.seq > expected ? `entries ${expected}–${e.seq - 1} are missing (deleted?)` : `entry ${e.seq} appears out of order` };
    } else if (e.prevHash !== this.lastHash) {
      this.problem = { seq: e.seq, reason: `entry ${e.seq} does not follow entry ${this.lastSeq} (its previous hash differs: inserted or reordered)` };
    } else if (entryHash(e) !== e.hash) {
      this.problem = { seq: e.seq, reason: `entry ${e.seq} was changed after it was written (its hash does not match its content)` };
    }
    if (this.problem) return false;
    this.count++;
    this.lastSeq = e.seq;
    this.lastHash = e.hash;
    return true;
  }
}
