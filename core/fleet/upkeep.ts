// Vehicle records people keep: rename, maintenance (why, since when, the ticket it answers)
// and decommissioning. A vehicle out of service is never suggested nor dispatched: dispatch
// reads the state from the database, so a change made on another console counts at once.
import type { Queryable } from '../../db/index.js';
import { audited } from '../audit/write.js';
import type { VehicleLive } from '../contract/index.js';
import { DomainError } from '../errors.js';
import { addCaseEvent } from '../cases/timeline.js';
import { syncVehicleResources } from '../ops/resources.js';
import type { AuthedContext } from '../trpc.js';
import { serviceOf, type VehicleRow } from './rows.js';

type ServiceRow = Pick<VehicleRow, 'service_state' | 'service_reason' | 'service_since' | 'service_ticket_id'> & { id: string; name: string; site_id: string | null };
const SERVICE_COLUMNS = 'id, name, site_id, service_state, service_reason, service_since, service_ticket_id';

/** `vehicles` with their service state as stored (the in-memory view may lag another console's change). */
export async function withServiceState(db: Queryable, vehicles: VehicleLive[]): Promise<VehicleLive[]> {
  const out = await db.query<ServiceRow>(`SELECT ${SERVICE_COLUMNS} FROM fleet.vehicles WHERE service_state <> 'in_service'`);
  const by = new Map(out.map((r) => [r.id, serviceOf(r)]));
  return vehicles.map((v) => (by.has(v.id) ? { ...v, service: by.get(v.id) } : v.service ? { ...v, service: null } : v));
}

/** Inside a transaction that locked the vehicle: refuses one in maintenance or decommissioned. */
export async function refuseOutOfService(tx: Queryable, vehicleId: string): Promise<void> {
  const [r] = await tx.query<ServiceRow>(`SELECT ${SERVICE_COLUMNS} FROM fleet.vehicles WHERE id = $1`, [vehicleId]);
  if (r && r.service_state === 'maintenance') throw new DomainError('conflict', { code: 'fleet.inMaintenance', params: { name: r.name, reason: String(r.service_reason) } });
  if (r && r.service_state === 'decommissioned') throw new DomainError('conflict', { code: 'fleet.decommissioned', params: { name: r.name } });
}

async function locked(tx: Queryable, id: string): Promise<ServiceRow> {
  const [r] = await tx.query<ServiceRow>(`SELECT ${SERVICE_COLUMNS} FROM fleet.vehicles WHERE id = $1 AND deleted_at IS NULL FOR UPDATE`, [id]);
  if (!r) throw new DomainError('not_found', { code: 'fleet.noSuchVehicle' });
  return r;
}

/** Runs an audited change of a vehicle's record, then brings the live view and its resource up to date. */
async function change(ctx: AuthedContext, id: string, apply: (tx: Queryable, before: ServiceRow) => Promise<{ oldValues: unknown; newValues: unknown }>): Promise<VehicleLive> {
  const v = ctx.fleet.vehicles.get(id);
  const after = await audited(ctx, { resourceType: 'vehicle', resourceId: id, lat: v?.lat ?? null, lon: v?.lon ?? null }, async (tx) => {
    const before = await locked(tx, id);
    const values = await apply(tx, before);
    await syncVehicleResources(tx);
    const [row] = await tx.query<ServiceRow>(`SELECT ${SERVICE_COLUMNS} FROM fleet.vehicles WHERE id = $1`, [id]);
    return { result: row!, ...values };
  });
  const live = ctx.fleet.vehicles.get(id);
  if (!live) throw new DomainError('not_found', { code: 'fleet.noSuchVehicle' });
  const next = { ...live, name: after.name, service: serviceOf(after) };
  ctx.fleet.vehicles.set(id, next);
  ctx.bus.emit('fleet.vehicle', next);
  return next;
}

export function renameVehicle(ctx: AuthedContext, input: { id: string; name: string }): Promise<VehicleLive> {
  return change(ctx, input.id, async (tx, before) => {
    const [taken] = await tx.query('SELECT 1 FROM fleet.vehicles WHERE lower(name) = lower($1) AND id <> $2 AND deleted_at IS NULL', [input.name, input.id]);
    if (taken) throw new DomainError('conflict', { code: 'fleet.nameTaken', params: { name: input.name } }, 'name');
    await tx.query('UPDATE fleet.vehicles SET name = $2 WHERE id = $1', [input.id, input.name]);
    return { oldValues: { name: before.name }, newValues: { name: input.name } };
  });
}

export function startMaintenance(ctx: AuthedContext, input: { id: string; reason: string; ticketId?: string | undefined; openTicket?: boolean | undefined }): Promise<VehicleLive> {
  return change(ctx, input.id, async (tx, before) => {
    if (input.openTicket && !input.ticketId) input = { ...input, ticketId: await openTicket(ctx, tx, before, input.reason) };
    if (before.service_state !== 'in_service') throw new DomainError('conflict', { code: before.service_state === 'maintenance' ? 'fleet.alreadyInMaintenance' : 'fleet.alreadyDecommissioned', params: { name: before.name } });
    const [busy] = await tx.query<{ id: string }>("SELECT id FROM fleet.missions WHERE vehicle_id = $1 AND status IN ('assigned', 'in_progress')", [input.id]);
    if (busy) throw new DomainError('conflict', { code: 'fleet.onTransportMaintenance', params: { name: before.name } });
    if (input.ticketId) {
      const [t] = await tx.query<{ site_id: string; status: string; vehicle_id: string | null }>('SELECT site_id, status, vehicle_id FROM ops.tickets WHERE id = $1 AND deleted_at IS NULL', [input.ticketId]);
      if (!t) throw new DomainError('invalid', { code: 'tickets.noSuchTicket' }, 'ticketId');
      if (before.site_id && t.site_id !== before.site_id) throw new DomainError('invalid', { code: 'fleet.ticketOtherSite' }, 'ticketId');
      if (t.status === 'closed') throw new DomainError('invalid', { code: 'fleet.ticketClosed' }, 'ticketId');
      if (t.vehicle_id && t.vehicle_id !== input.id) throw new DomainError('invalid', { code: 'fleet.ticketOtherVehicle' }, 'ticketId');
    }
    await tx.query("UPDATE fleet.vehicles SET service_state = 'maintenance', service_reason = $2, service_since = $3, service_ticket_id = $4 WHERE id = $1",
      [input.id, input.reason, ctx.clock.now().toISOString(), input.ticketId ?? null]);
    return { oldValues: { service: 'in_service' }, newValues: { service: 'maintenance', reason: input.reason, ticketId: input.ticketId ?? null } };
  });
}

export function returnToService(ctx: AuthedContext, input: { id: string; note: string }): Promise<VehicleLive> {
  return change(ctx, input.id, async (tx, before) => {
    if (before.service_state !== 'maintenance') throw new DomainError('conflict', { code: before.service_state === 'in_service' ? 'fleet.alreadyInService' : 'fleet.decommissioned', params: { name: before.name } });
    await tx.query("UPDATE fleet.vehicles SET service_state = 'in_service', service_reason = NULL, service_since = NULL, service_ticket_id = NULL WHERE id = $1", [input.id]);
    return { oldValues: { service: 'maintenance', reason: before.service_reason }, newValues: { service: 'in_service', note: input.note } };
  });
}

/** For good: the vehicle stays in the records (its missions point at it) but never serves again. */
export function decommissionVehicle(ctx: AuthedContext, input: { id: string; reason: string }): Promise<VehicleLive> {
  return change(ctx, input.id, async (tx, before) => {
    if (before.service_state === 'decommissioned') throw new DomainError('conflict', { code: 'fleet.alreadyDecommissioned', params: { name: before.name } });
    const [busy] = await tx.query("SELECT 1 FROM fleet.missions WHERE vehicle_id = $1 AND status IN ('assigned', 'in_progress')", [input.id]);
    if (busy) throw new DomainError('conflict', { code: 'fleet.onTransport', params: { name: before.name } });
    await tx.query("UPDATE fleet.vehicles SET service_state = 'decommissioned', service_reason = $2, service_since = $3, service_ticket_id = NULL WHERE id = $1",
      [input.id, input.reason, ctx.clock.now().toISOString()]);
    return { oldValues: { service: before.service_state }, newValues: { service: 'decommissioned', reason: input.reason } };
  });
}

/** A maintenance ticket about the vehicle, opened with its maintenance (needs tickets:manage too). */
async function openTicket(ctx: AuthedContext, tx: Queryable, v: ServiceRow, reason: string): Promise<string> {
  if (!ctx.user.permissions.includes('tickets:manage')) throw new DomainError('forbidden', { code: 'fleet.ticketNeedsPermission' });
  // A vehicle that registered with a message naming no map has no site of its own: the site of the map it is on.
  const [s] = await tx.query<{ site_id: string }>(
    `SELECT coalesce(v.site_id, m.site_id) AS site_id FROM fleet.vehicles v LEFT JOIN org.site_maps m ON m.map_id = v.map_id AND m.deleted_at IS NULL WHERE v.id = $1`, [v.id]);
  if (!s?.site_id) throw new DomainError('invalid', { code: 'fleet.notOnMap', params: { name: v.name } });
  const at = ctx.clock.now();
  const [t] = await tx.query<{ id: string }>(
    `INSERT INTO ops.tickets (site_id, kind, subject, description, priority, vehicle_id, created_by, created_at, updated_at)
     VALUES ($1, 'maintenance', $2, $3, 'medium', $4, $5, $6, $6) RETURNING id`,
    [s.site_id, `${v.name}: ${reason}`.slice(0, 255), `Put in maintenance: ${reason}`, v.id, ctx.user.id, at]);
  await addCaseEvent(tx, { caseType: 'ticket', caseId: t!.id, kind: 'created', details: { priority: 'medium', link: { type: 'vehicle', id: v.id } }, actorId: ctx.user.id, at });
  return t!.id;
}
