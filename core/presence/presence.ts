import type { Db } from '../../db/index.js';
import { CONSOLE_NAME } from '../duties/leases.js';
import type { PresenceInput, PresenceView } from '../contract/presence.js';

/** A console reports every PRESENCE_RENEW_MS; a person not seen for PRESENCE_TTL_MS is gone. */
export const PRESENCE_RENEW_MS = 20_000;
export const PRESENCE_TTL_MS = 60_000;

/** Records what the session has open; only a change of view, case or editing is announced to the others. */
export async function reportPresence(db: Db, who: { sessionId: string; userId: string }, p: Required<PresenceInput>): Promise<void> {
  await db.query(
    `INSERT INTO events.presence (session_id, user_id, console, view, case_type, case_id, editing, seen_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, now())
     ON CONFLICT (session_id) DO UPDATE SET console = EXCLUDED.console, view = EXCLUDED.view, case_type = EXCLUDED.case_type,
       case_id = EXCLUDED.case_id, editing = EXCLUDED.editing, seen_at = now()`,
    [who.sessionId, who.userId, CONSOLE_NAME, p.view, p.caseType, p.caseId, p.editing]);
}

/** The people signed in and seen lately, with their roles and what they have open. */
export async function listPresence(db: Db, sessionId: string): Promise<PresenceView[]> {
  const rows = await db.query<{
    user_id: string; name: string; roles: string[]; console: string; view: string; case_type: string | null; case_id: string | null;
    editing: boolean; seen_at: Date | string; session_id: string;
  }>(
    `SELECT p.session_id, p.user_id, u.display_name AS name, p.console, p.view, p.case_type, p.case_id, p.editing, p.seen_at,
            coalesce((SELECT array_agg(r.name ORDER BY r.name) FROM iam.user_roles ur JOIN iam.roles r ON r.id = ur.role_id WHERE ur.user_id = p.user_id), '{}') AS roles
       FROM events.presence p
       JOIN iam.sessions s ON s.id = p.session_id AND s.ended_at IS NULL
       JOIN iam.users u ON u.id = p.user_id
      WHERE p.seen_at > now() - $1 * interval '1 millisecond'
      ORDER BY u.display_name, p.seen_at DESC`,
    [PRESENCE_TTL_MS]);
  return rows.map((r) => ({
    userId: r.user_id, name: r.name, roles: r.roles, console: r.console, view: r.view, caseType: r.case_type, caseId: r.case_id,
    editing: r.editing, seenAt: new Date(r.seen_at).toISOString(), self: r.session_id === sessionId,
  }));
}

/** Forgets a session's presence (sign-out). */
export async function leavePresence(db: Db, sessionId: string): Promise<void> {
  await db.query('DELETE FROM events.presence WHERE session_id = $1', [sessionId]);
}
