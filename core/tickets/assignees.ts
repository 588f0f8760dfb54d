import type { Queryable } from '../../db/index.js';

/** Active users who may handle tickets (tickets:manage): whom a ticket can be assigned to. */
export async function ticketAssignees(db: Queryable): Promise<{ id: string; email: string; name: string }[]> {
  const rows = await db.query<{ id: string; email: string; display_name: string }>(
    `SELECT u.id, u.email, u.display_name FROM iam.users u
     WHERE u.deleted_at IS NULL AND u.status = 'active' AND EXISTS (
       SELECT 1 FROM iam.user_roles ur JOIN iam.role_permissions rp ON rp.role_id = ur.role_id JOIN iam.permissions p ON p.id = rp.permission_id
       WHERE ur.user_id = u.id AND p.key = 'tickets:manage')
     ORDER BY u.display_name, u.email`);
  return rows.map((r) => ({ id: r.id, email: r.email, name: r.display_name }));
}
