import type { Queryable } from '../../db/index.js';
import { DomainError } from '../errors.js';

/** The last successful change the audit log holds for a record: who, what and when (audited reads are not changes). */
export async function lastChange(tx: Queryable, resourceType: string, resourceId: string): Promise<{ by: string; what: string; at: Date } | null> {
  const [r] = await tx.query<{ actor_email: string | null; action: string; at: Date | string }>(
    `SELECT actor_email, action, at FROM audit.entries WHERE resource_type = $1 AND resource_id = $2 AND outcome = 'success' AND action NOT LIKE '%.read\\_%' ORDER BY seq DESC LIMIT 1`,
    [resourceType, resourceId]);
  if (!r) return null;
  return { by: r.actor_email ?? 'Watchfloor itself', what: r.action.split('.').pop()!.replace(/_/g, ' '), at: new Date(r.at) };
}

/**
 * A stale write: the record changed since the caller loaded it. Says what changed and by
 * whom, in words; the form keeps what was typed and offers to reload.
 */
export async function staleWrite(tx: Queryable, resourceType: string, resourceId: string, name: string, now: string): Promise<DomainError> {
  const last = await lastChange(tx, resourceType, resourceId);
  const who = last ? `: ${last.by} did "${last.what}" at ${last.at.toISOString().slice(11, 16)} UTC` : '';
  return new DomainError('conflict', { code: 'system.staleWrite', params: { name, who, now } });
}
