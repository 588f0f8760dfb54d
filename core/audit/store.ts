import type { Queryable } from '../../db/index.js';
import type { AuditRecord } from '../contract/index.js';
import { DomainError } from '../errors.js';

/** What a caller says about an action; numbering and hashing happen in the database. */
export type AuditInput = Omit<AuditRecord, 'seq' | 'at' | 'prevHash' | 'hash'>;

export interface AuditRow {
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
  outcome: AuditRecord['outcome'];
  reason: string | null;
  prev_hash: string;
  hash: string;
}

export const fromRow = (r: AuditRow): AuditRecord => ({
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

/**
 * Appends one entry inside the caller's transaction: it commits with the
 * change it describes, or not at all. One round trip (see audit.append).
 * The time is kept at millisecond precision, as it is stored and hashed.
 * With `permission`, the database re-checks that the actor still holds it.
 */
export async function appendAudit(tx: Queryable, input: AuditInput, at: Date, permission: string | null = null): Promise<{ seq: number; hash: string }> {
  const body = { ...input, at: new Date(Math.floor(at.getTime())).toISOString() };
  try {
    const [row] = await tx.query<{ seq: string; hash: string }>('SELECT seq, hash FROM audit.append($1::jsonb, $2)', [JSON.stringify(body), permission]);
    return { seq: Number(row!.seq), hash: row!.hash };
  } catch (err) {
    if ((err as { code?: string }).code === '42501') throw new DomainError('forbidden', `${input.actorEmail} may not do this: it needs the ${permission} permission.`);
    throw err;
  }
}
