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

const J = JSON.stringify;

/**
 * `canonical(entry without prevHash and hash)`, written out for the fixed
 * shape of an entry (keys in sorted order) because verification runs it a
 * million times; a unit test keeps it equal to the generic encoding.
 */
export function encodeBody(e: Omit<AuditEntry, 'hash' | 'prevHash'>): string {
  return `{"action":${J(e.action)},"actorEmail":${J(e.actorEmail)},"actorId":${J(e.actorId)},"at":${J(e.at)},"lat":${J(e.lat)},` +
    `"lon":${J(e.lon)},"newValues":${canonical(e.newValues)},"oldValues":${canonical(e.oldValues)},"outcome":${J(e.outcome)},` +
    `"reason":${J(e.reason)},"requestId":${J(e.requestId)},"resourceId":${J(e.resourceId)},"resourceType":${J(e.resourceType)},` +
    `"seq":${J(e.seq)},"sessionId":${J(e.sessionId)},"siteId":${J(e.siteId)}}`;
}

/** SHA-256 over the previous hash, a newline, and the canonical body (the database verifies the same way). */
export const hashBody = (prevHash: string, body: string) => createHash('sha256').update(`${prevHash}\n${body}`, 'utf8').digest('hex');

export const entryHash = (entry: Omit<AuditEntry, 'hash'> & { hash?: string }) => hashBody(entry.prevHash, encodeBody(entry));

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
