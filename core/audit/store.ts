import type { Queryable } from '../../db/index.js';
import type { AuditRecord } from '../contract/index.js';
import { DomainError } from '../errors.js';
import { signCheckpoint, signCheckpoints } from './signed-db.js';

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

/** Who is acting in this transaction: the session token of the connection, if any. */
export interface AuditSession {
  token?: string | null;
}

/**
 * Appends one entry inside the caller's transaction, in one statement: it commits with the
 * change it describes, or not at all. The database takes the actor from the
 * session whose token `session` carries (0036_audit_append_token.sql) and
 * stamps the time itself; `input`'s actor id and session, and `at`, are only
 * what the caller believes, and are overwritten. A successful entry that
 * names the permission its procedure declared (`input.permission`) has the
 * database re-check that the actor still holds it. When `tx` comes from a
 * console's signing database (see signed-db.ts), the new tip is signed in the
 * same transaction, as it commits.
 */
export async function appendAudit(
  tx: Queryable, input: AuditInput, at: Date, session: AuditSession = {},
): Promise<{ seq: number; hash: string }> {
  const body = { ...input, at: new Date(Math.floor(at.getTime())).toISOString() };
  const permission = input.outcome === 'success' ? input.permission ?? null : null;
  try {
    const [row] = await tx.query<{ seq: string; hash: string }>('SELECT seq, hash FROM audit.append($1::jsonb, $2, $3)', [JSON.stringify(body), permission, session.token ?? null]);
    const tip = { seq: Number(row!.seq), hash: row!.hash };
    await signCheckpoint(tx, tip);
    return tip;
  } catch (err) {
    if ((err as { code?: string }).code === '42501') throw new DomainError('forbidden', { code: 'iam.needsPermission', params: { email: String(input.actorEmail), permission: String(permission) } });
    throw err;
  }
}

/**
 * Appends entries of the console itself, with no session and no permission to re-check (what it does on its
 * own, such as registering vehicles it hears for the first time) in the caller's transaction,
 * in their order, each signed as appendAudit signs one: two statements however many.
 */
export async function appendAuditMany(tx: Queryable, inputs: AuditInput[], at: Date): Promise<{ seq: number; hash: string }[]> {
  if (!inputs.length) return [];
  const when = new Date(Math.floor(at.getTime())).toISOString();
  // A function scan yields the array in its order, and the lateral call runs once per element in turn.
  const rows = await tx.query<{ seq: string; hash: string }>(
    `SELECT a.seq, a.hash FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS e(body, n) CROSS JOIN LATERAL audit.append(e.body, NULL, NULL) AS a ORDER BY e.n`,
    [JSON.stringify(inputs.map((input) => ({ ...input, at: when })))],
  );
  const tips = rows.map((r) => ({ seq: Number(r.seq), hash: r.hash }));
  await signCheckpoints(tx, tips);
  return tips;
}
