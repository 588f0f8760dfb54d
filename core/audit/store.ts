import type { Queryable } from '../../db/index.js';
import { encodeBody, GENESIS, hashBody, type AuditEntry } from './chain.js';

/** What a caller says about an action; the chain fields are filled in here. */
export type AuditInput = Omit<AuditEntry, 'seq' | 'at' | 'prevHash' | 'hash'>;

interface Row {
  seq: string;
  at: Date;
  actor_id: string | null;
  actor_email: string | null;
  session_id: string | null;
  action: string;
  resource_type: string | null;
  resource_id: string | null;
  site_id: string | null;
  old_values: unknown;
  new_values: unknown;
  lat: number | null;
  lon: number | null;
  request_id: string | null;
  outcome: AuditEntry['outcome'];
  reason: string | null;
  prev_hash: string;
  hash: string;
}

export const fromRow = (r: Row): AuditEntry => ({
  seq: Number(r.seq),
  at: r.at.toISOString(),
  actorId: r.actor_id,
  actorEmail: r.actor_email,
  sessionId: r.session_id,
  action: r.action,
  resourceType: r.resource_type,
  resourceId: r.resource_id,
  siteId: r.site_id,
  oldValues: r.old_values,
  newValues: r.new_values,
  lat: r.lat,
  lon: r.lon,
  requestId: r.request_id,
  outcome: r.outcome,
  reason: r.reason,
  prevHash: r.prev_hash,
  hash: r.hash,
});
export type AuditRow = Row;

/** Every audited call serialises here, so the chain has exactly one tip at any time. */
const APPEND_LOCK = 7305002;

/**
 * Appends one entry inside the caller's transaction: it commits with the
 * change it describes, or not at all. Values go through JSON first so that
 * what is hashed is exactly what jsonb gives back.
 */
export async function appendAudit(tx: Queryable, input: AuditInput, at: Date): Promise<AuditEntry> {
  // Two statements on purpose: the tip must be read with a snapshot taken after the lock is held.
  await tx.query('SELECT pg_advisory_xact_lock($1)', [APPEND_LOCK]);
  const [tip] = await tx.query<{ seq: string; hash: string }>('SELECT seq, hash FROM audit.entries ORDER BY seq DESC LIMIT 1');
  const json = (v: unknown) => (v === undefined || v === null ? null : (JSON.parse(JSON.stringify(v)) as unknown));
  const body = {
    ...input,
    oldValues: json(input.oldValues),
    newValues: json(input.newValues),
    seq: tip ? Number(tip.seq) + 1 : 1,
    at: new Date(Math.floor(at.getTime())).toISOString(),
    prevHash: tip?.hash ?? GENESIS,
  };
  const text = encodeBody(body);
  const entry: AuditEntry = { ...body, hash: hashBody(body.prevHash, text) };
  await tx.query('INSERT INTO audit.entries (body, prev_hash, hash) VALUES ($1, $2, $3)', [text, entry.prevHash, entry.hash]);
  return entry;
}
