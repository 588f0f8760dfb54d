// Rows of fleet.vehicle_commands and the transport a command would disturb.
import type { Queryable } from '../../db/index.js';
import type { CommandStatus, CommandView, ServiceCommand } from '../contract/index.js';

export interface CommandRow {
  id: string; vehicle_id: string; action_type: ServiceCommand; action_id: string; parameters: CommandView['parameters']; reason: string;
  status: CommandStatus; detail: string | null; mission_id: string | null; requested_by: string; confirmed_by: string | null;
  requested_at: Date; expires_at: Date | null; sent_at: Date | null; acknowledged_at: Date | null; ended_at: Date | null;
  requested_email?: string; confirmed_email?: string | null;
}

const iso = (d: Date | null) => d?.toISOString() ?? null;

export function commandView(r: CommandRow): CommandView {
  const ended = ['finished', 'failed'].includes(r.status) && r.sent_at && r.ended_at;
  return {
    id: r.id, vehicleId: r.vehicle_id, actionType: r.action_type, actionId: r.action_id, parameters: r.parameters, reason: r.reason,
    status: r.status, detail: r.detail, missionId: r.mission_id, requestedBy: r.requested_email ?? r.requested_by, confirmedBy: r.confirmed_email ?? r.confirmed_by,
    requestedAt: r.requested_at.toISOString(), expiresAt: iso(r.expires_at), sentAt: iso(r.sent_at), acknowledgedAt: iso(r.acknowledged_at), endedAt: iso(r.ended_at),
    roundTripMs: ended ? r.ended_at!.getTime() - r.sent_at!.getTime() : null,
  };
}

const SELECT = `SELECT c.*, ru.email AS requested_email, cu.email AS confirmed_email FROM fleet.vehicle_commands c
  JOIN iam.users ru ON ru.id = c.requested_by LEFT JOIN iam.users cu ON cu.id = c.confirmed_by`;

export async function listCommands(db: Queryable, vehicleId: string, limit = 30): Promise<CommandView[]> {
  const rows = await db.query<CommandRow>(`${SELECT} WHERE c.vehicle_id = $1 ORDER BY c.requested_at DESC, c.id DESC LIMIT $2`, [vehicleId, limit]);
  return rows.map(commandView);
}

export async function getCommand(db: Queryable, id: string): Promise<CommandView | null> {
  const [row] = await db.query<CommandRow>(`${SELECT} WHERE c.id = $1`, [id]);
  return row ? commandView(row) : null;
}

export interface Transport { missionId: string; resident: string; status: string; pickup: string; dropoff: string }

/** The transport a vehicle is carrying out (assigned or under way), with its resident as dispatch names them. */
export async function runningTransport(db: Queryable, vehicleId: string): Promise<Transport | null> {
  const [r] = await db.query<{ id: string; status: string; first_name: string; last_name: string; pickup_node: string; dropoff_node: string }>(
    `SELECT m.id, m.status, r.first_name, r.last_name, m.pickup_node, m.dropoff_node FROM fleet.missions m JOIN fleet.residents r ON r.id = m.resident_id
     WHERE m.vehicle_id = $1 AND m.status IN ('assigned', 'in_progress') AND m.deleted_at IS NULL LIMIT 1`, [vehicleId]);
  return r ? { missionId: r.id, resident: `${r.first_name.slice(0, 1)}. ${r.last_name}`, status: r.status, pickup: r.pickup_node, dropoff: r.dropoff_node } : null;
}

/** How a transport is named in a confirmation question. */
export const transportText = (t: Transport) =>
  `the ${t.status === 'in_progress' ? 'running' : 'assigned'} transport of ${t.resident} (mission ${t.missionId.slice(-8)}, ${t.pickup} → ${t.dropoff})`;
