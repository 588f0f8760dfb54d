// Mission changes people make: each checked, audited and written in one transaction,
// then carried out on the vehicle.
import type { Queryable } from '../../db/index.js';
import { audited, record } from '../audit/write.js';
import { canTransition, pickupTimeProblem, placeProblem, routeThrough, type Candidate, type MissionPriority, type MissionStatus } from '../contract/index.js';
import { DomainError } from '../errors.js';
import { notConfirmed } from '../fleet/commands.js';
import { refuseOutOfService, withServiceState } from '../fleet/upkeep.js';
import type { AuthedContext, Context, SystemContext } from '../trpc.js';
import { addEvent, graphOf, missionById, missionView, type MissionRow } from './store.js';
import { factsheetSpeeds, rankCandidates, type Commitment } from './suggest.js';
import { siteMapIds } from '../org/site-access.js';

export interface NewMission {
  residentId: string;
  pickupNode: string;
  dropoffNode: string;
  priority: MissionPriority;
  scheduledAt?: string | null | undefined;
  /** A transport recorded after the fact: its time may be in the past, and the reason is kept. */
  backdated?: { reason: string } | undefined;
  notes?: string | undefined;
  /** The floor (site map) it runs on, pick-up and drop-off both; the site's first map when absent. */
  siteMapId?: string | undefined;
}

const target = (m: { id: string; site_id: string }) => ({ resourceType: 'mission', resourceId: m.id, siteId: m.site_id });

/** A site's map: the one named, if it is the site's, else the site's first. */
export async function siteMap(db: Queryable, siteId: string, siteMapId?: string | null): Promise<{ id: string } | undefined> {
  const [map] = await db.query<{ id: string }>(
    'SELECT id FROM org.site_maps WHERE site_id = $1 AND deleted_at IS NULL AND ($2::uuid IS NULL OR id = $2) ORDER BY created_at LIMIT 1', [siteId, siteMapId ?? null]);
  return map;
}

/** A place a resident may be picked up at or dropped off (a room or an entrance, not a charger or a dock). */
export async function place(tx: Queryable, siteMapId: string, nodeId: string, role: 'pick-up' | 'drop-off') {
  const field = role === 'pick-up' ? 'pickupNode' : 'dropoffNode';
  const [p] = await tx.query<{ name: string | null; kind: string; lat: number; lon: number }>(
    'SELECT name, kind, lat, lon FROM org.map_nodes WHERE site_map_id = $1 AND node_id = $2', [siteMapId, nodeId]);
  if (!p) throw new DomainError('invalid', { code: 'missions.notOnFloor', params: { role } }, field);
  const refusal = placeProblem(p, role);
  if (refusal) throw new DomainError('invalid', refusal, field);
  return p;
}

export async function createMission(ctx: AuthedContext, input: NewMission) {
  if (input.pickupNode === input.dropoffNode) throw new DomainError('invalid', { code: 'missions.dropoffIsPickup' }, 'dropoffNode');
  if (input.backdated && !input.scheduledAt) throw new DomainError('invalid', { code: 'missions.backdatedNeedsTime' }, 'scheduledAt');
  const when = input.scheduledAt ? pickupTimeProblem(input.scheduledAt, ctx.clock.now(), Boolean(input.backdated)) : null;
  if (when) throw new DomainError('invalid', when, 'scheduledAt');
  const [r] = await ctx.db.query<{ site_id: string; gdpr_consent: boolean; name: string; active: boolean }>(
    "SELECT site_id, gdpr_consent, active, left(first_name, 1) || '. ' || last_name AS name FROM fleet.residents WHERE id = $1 AND deleted_at IS NULL", [input.residentId]);
  if (!r) throw new DomainError('not_found', { code: 'residents.noSuchResident' });
  if (!r.active) throw new DomainError('invalid', { code: 'missions.residentInactive', params: { name: r.name } });
  if (!r.gdpr_consent) throw new DomainError('invalid', { code: 'missions.noConsent', params: { name: r.name } });
  const map = await siteMap(ctx.db, r.site_id, input.siteMapId);
  if (!map) throw new DomainError('invalid', { code: input.siteMapId ? 'missions.floorNotResidentSite' : 'missions.residentSiteNoMap' }, 'siteMapId');
  const at = ctx.clock.now();
  const id = await audited(ctx, { resourceType: 'mission', siteId: r.site_id }, async (tx) => {
    const pickup = await place(tx, map.id, input.pickupNode, 'pick-up');
    await place(tx, map.id, input.dropoffNode, 'drop-off');
    const [row] = await tx.query<{ id: string }>(
      `INSERT INTO fleet.missions (site_id, site_map_id, resident_id, created_by, pickup_node, dropoff_node, priority, scheduled_at, notes, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
      [r.site_id, map.id, input.residentId, ctx.user.id, input.pickupNode, input.dropoffNode, input.priority, input.scheduledAt ?? null, input.notes ?? null, at.toISOString()]);
    await addEvent(tx, { missionId: row!.id, type: 'created', actorId: ctx.user.id,
      details: { priority: input.priority, scheduledAt: input.scheduledAt ?? null, ...(input.backdated ? { backdated: input.backdated.reason } : {}) }, at });
    // Notes are free text about the resident, who may be erased later: the log says only that there were some.
    return { result: row!.id, resourceId: row!.id, newValues: { ...input, notes: input.notes ? '[set]' : null, lat: pickup.lat, lon: pickup.lon } };
  });
  return missionView((await missionById(ctx.db, id))!);
}

/** Why a mission cannot take `to` now, naming who did what. */
async function conflict(tx: Queryable, m: MissionRow, to: MissionStatus): Promise<DomainError> {
  const [last] = await tx.query<{ event_type: string; created_at: Date; actor: string | null }>(
    `SELECT e.event_type, e.created_at, u.email AS actor FROM fleet.mission_events e LEFT JOIN iam.users u ON u.id = e.actor_id
     WHERE e.mission_id = $1 AND e.event_type IN ('assigned', 'reassigned', 'cancelled', 'completed', 'failed') ORDER BY e.id DESC LIMIT 1`, [m.id]);
  const who = last ? ` (${last.event_type} by ${last.actor ?? 'the vehicle'} at ${last.created_at.toISOString().slice(11, 19)} UTC)` : '';
  const vehicle = m.vehicle ? ` to ${m.vehicle}` : '';
  return new DomainError('conflict', { code: 'missions.already', params: { status: m.status.replace('_', ' '), vehicle: m.status === 'assigned' ? vehicle : '', who, to: to.replace('_', ' ') } });
}

/** Ranked vehicles for a pending mission; the suggestion is audited with what it showed. */
/** Every vehicle ranked for mission `m` (see suggest.ts). */
export async function rankMission(ctx: Context, m: MissionRow): Promise<Candidate[]> {
  const graph = await graphOf(ctx.db, m.site_map_id);
  const busy = new Map<string, Commitment>();
  const active = await ctx.db.query<{ id: string; vehicle_id: string; status: MissionStatus; dropoff_node: string }>(
    "SELECT id, vehicle_id, status, dropoff_node FROM fleet.missions WHERE status IN ('assigned', 'in_progress') AND vehicle_id IS NOT NULL AND id <> $1", [m.id]);
  for (const a of active) {
    const v = ctx.fleet.vehicles.get(a.vehicle_id);
    const from = v?.lastNodeId && graph.nodes.some((n) => n.id === v.lastNodeId) ? v.lastNodeId : null;
    const left = from ? routeThrough(graph, [from, a.dropoff_node])?.length ?? Infinity : Infinity;
    busy.set(a.vehicle_id, { missionId: a.id, remainingM: left });
  }
  // The site's vehicles (on any of its floors, or not yet placed), taken out of service as the database says, whichever console did it.
  const floors = await siteMapIds(ctx.db, [m.site_id]);
  const vehicles = await withServiceState(ctx.db, [...ctx.fleet.vehicles.values()].filter((v) => v.mapId === null || floors.has(v.mapId)));
  const ranked = rankCandidates(graph, vehicles, { pickupNode: m.pickup_node, dropoffNode: m.dropoff_node }, busy,
    { speedMps: ctx.config.vehicleSpeedMps, factsheetSpeeds: factsheetSpeeds(ctx.fleet.factsheets), reachM: ctx.config.vehicleReachMeters, reservePercent: ctx.config.missionReservePercent });
  return ranked;
}

export async function suggestVehicles(ctx: AuthedContext, missionId: string): Promise<Candidate[]> {
  const m = await missionById(ctx.db, missionId);
  if (!m) throw new DomainError('not_found', { code: 'missions.noSuchMission' });
  const ranked = await rankMission(ctx, m);
  await record(ctx, target(m), 'success', { action: 'missions.suggest', newValues: { candidates: ranked.slice(0, 5).map((c) => ({ name: c.name, eligible: c.eligible, score: c.score, reason: c.reason })) } });
  return ranked;
}

/** Assigns a pending mission: for a user, or for auto-dispatch (the system, no user). */
export async function assignMission(ctx: AuthedContext | SystemContext, input: { missionId: string; vehicleId: string; version: number; reason?: string | undefined }) {
  const at = ctx.clock.now();
  const v = ctx.fleet.vehicles.get(input.vehicleId);
  if (!v) throw new DomainError('not_found', { code: 'fleet.noSuchVehicle' });
  if (v.isNew) throw notConfirmed(v.name);
  const m0 = await missionById(ctx.db, input.missionId);
  if (!m0) throw new DomainError('not_found', { code: 'missions.noSuchMission' });
  await audited(ctx, target(m0), async (tx) => {
    // Vehicle first, then mission: two assignments of one vehicle queue here, not in the unique index.
    await tx.query('SELECT 1 FROM fleet.vehicles WHERE id = $1 FOR UPDATE', [v.id]);
    await refuseOutOfService(tx, v.id);
    const m = (await missionById(tx, input.missionId, true))!;
    if (m.status !== 'pending') throw await conflict(tx, m, 'assigned');
    if (m.version !== input.version) throw new DomainError('conflict', { code: 'missions.changed' });
    const [busy] = await tx.query<{ id: string; resident: string; actor: string | null }>(
      `SELECT m.id, left(r.first_name, 1) || '. ' || r.last_name AS resident,
         (SELECT u.email FROM fleet.mission_events e JOIN iam.users u ON u.id = e.actor_id WHERE e.mission_id = m.id AND e.event_type IN ('assigned', 'reassigned') ORDER BY e.id DESC LIMIT 1) AS actor
       FROM fleet.missions m JOIN fleet.residents r ON r.id = m.resident_id WHERE m.vehicle_id = $1 AND m.status IN ('assigned', 'in_progress')`, [v.id]);
    if (busy) throw new DomainError('conflict', { code: 'missions.vehicleBusy', params: { name: v.name, resident: busy.resident, by: busy.actor ? `, assigned by ${busy.actor}` : '' } });
    await tx.query("UPDATE fleet.missions SET status = 'assigned', vehicle_id = $2, assigned_at = $3, at_risk = NULL, version = version + 1 WHERE id = $1",
      [m.id, v.id, at.toISOString()]);
    await addEvent(tx, { missionId: m.id, type: 'assigned', vehicleId: v.id, actorId: ctx.user?.id ?? null, details: { vehicle: v.name, reason: input.reason ?? null }, at });
    return { result: null, oldValues: { status: m.status, vehicle: null }, newValues: { status: 'assigned', vehicle: v.name, reason: input.reason ?? null } };
  });
  await ctx.missions.dispatch(input.missionId).catch(async (err: Error) => {
    // The vehicle could not be told: the mission goes back to the queue, saying why.
    await unassign(ctx, input.missionId, v.id, `could not send the order: ${err.message}`);
    throw err;
  });
  return missionView((await missionById(ctx.db, input.missionId))!);
}

async function unassign(ctx: Context, missionId: string, vehicleId: string, why: string) {
  await ctx.db.transaction(async (tx) => {
    const rows = await tx.query("UPDATE fleet.missions SET status = 'pending', vehicle_id = NULL, version = version + 1 WHERE id = $1 AND status = 'assigned' RETURNING id", [missionId]);
    if (rows.length) await addEvent(tx, { missionId, type: 'reassigned', vehicleId, details: { reason: why, back: 'pending' }, at: ctx.clock.now() });
  });
  ctx.missions.release(vehicleId, missionId);
}

/** Cancel, failing or ending: the status change with its reason, audited; then the vehicle is told. */
export async function cancelMission(ctx: AuthedContext, input: { missionId: string; reason: string }) {
  const m0 = await missionById(ctx.db, input.missionId);
  if (!m0) throw new DomainError('not_found', { code: 'missions.noSuchMission' });
  await audited(ctx, target(m0), async (tx) => {
    const m = (await missionById(tx, input.missionId, true))!;
    if (!canTransition(m.status, 'cancelled')) throw await conflict(tx, m, 'cancelled');
    await tx.query("UPDATE fleet.missions SET status = 'cancelled', completed_at = $2, version = version + 1 WHERE id = $1", [m.id, ctx.clock.now().toISOString()]);
    await addEvent(tx, { missionId: m.id, type: 'cancelled', vehicleId: m.vehicle_id, actorId: ctx.user.id, details: { reason: input.reason }, at: ctx.clock.now() });
    return { result: null, oldValues: { status: m.status }, newValues: { status: 'cancelled', reason: input.reason } };
  });
  const v = m0.vehicle_id ? ctx.fleet.vehicles.get(m0.vehicle_id) : undefined;
  if (v && m0.status !== 'pending') {
    ctx.missions.release(v.id, m0.id);
    if (v.status !== 'offline') await ctx.missions.instant(v, 'cancelOrder').catch((err: Error) => ctx.log.warn('cancelOrder not confirmed', { err: err.message }));
  }
  return missionView((await missionById(ctx.db, m0.id))!);
}

/** Pause or resume the vehicle on an active mission (startPause / stopPause); the status stays, the timeline says it. */
export async function pauseMission(ctx: AuthedContext, input: { missionId: string; reason: string; resume: boolean }) {
  const m = await missionById(ctx.db, input.missionId);
  if (!m) throw new DomainError('not_found', { code: 'missions.noSuchMission' });
  if (m.status !== 'assigned' && m.status !== 'in_progress') throw new DomainError('conflict', { code: input.resume ? 'missions.notActiveResume' : 'missions.notActivePause', params: { status: m.status.replace('_', ' ') } });
  const v = ctx.fleet.vehicles.get(m.vehicle_id!)!;
  await ctx.missions.instant(v, input.resume ? 'stopPause' : 'startPause');
  await audited(ctx, { ...target(m), action: input.resume ? 'missions.resume' : 'missions.pause' }, async (tx) => {
    await addEvent(tx, { missionId: m.id, type: input.resume ? 'resumed' : 'paused', vehicleId: v.id, actorId: ctx.user.id, details: { reason: input.reason }, at: ctx.clock.now() });
    return { result: null, newValues: { reason: input.reason } };
  });
  return missionView((await missionById(ctx.db, m.id))!);
}

/** Moves an active mission to another vehicle; it starts again from the pick-up. */
export async function reassignMission(ctx: AuthedContext, input: { missionId: string; vehicleId: string; reason: string }) {
  const m0 = await missionById(ctx.db, input.missionId);
  if (!m0) throw new DomainError('not_found', { code: 'missions.noSuchMission' });
  if (m0.status === 'pending') return assignMission(ctx, { missionId: m0.id, vehicleId: input.vehicleId, version: m0.version, reason: input.reason });
  const to = ctx.fleet.vehicles.get(input.vehicleId);
  if (!to) throw new DomainError('not_found', { code: 'fleet.noSuchVehicle' });
  if (to.isNew) throw notConfirmed(to.name);
  const from = m0.vehicle_id ? ctx.fleet.vehicles.get(m0.vehicle_id) : undefined;
  await audited(ctx, target(m0), async (tx) => {
    await tx.query('SELECT 1 FROM fleet.vehicles WHERE id = $1 FOR UPDATE', [to.id]);
    await refuseOutOfService(tx, to.id);
    const m = (await missionById(tx, input.missionId, true))!;
    if (m.status !== 'assigned' && m.status !== 'in_progress') throw await conflict(tx, m, 'assigned');
    // The same vehicle again only for a mission at risk (its order is sent anew from where it stands).
    if (m.vehicle_id === to.id && !m.at_risk) throw new DomainError('conflict', { code: 'missions.alreadyOn', params: { name: to.name } });
    const [busy] = await tx.query<{ id: string }>("SELECT id FROM fleet.missions WHERE vehicle_id = $1 AND status IN ('assigned', 'in_progress') AND id <> $2", [to.id, m.id]);
    if (busy) throw new DomainError('conflict', { code: 'missions.vehicleOnOther', params: { name: to.name } });
    // in_progress → assigned is the status machine's way back for a lost vehicle.
    await tx.query(`UPDATE fleet.missions SET status = 'assigned', vehicle_id = $2, assigned_at = $3, started_at = NULL, picked_up_at = NULL, at_risk = NULL, version = version + 1 WHERE id = $1`,
      [m.id, to.id, ctx.clock.now().toISOString()]);
    await addEvent(tx, { missionId: m.id, type: 'reassigned', vehicleId: to.id, actorId: ctx.user.id, details: { from: m.vehicle, to: to.name, reason: input.reason }, at: ctx.clock.now() });
    return { result: null, oldValues: { vehicle: m.vehicle, status: m.status }, newValues: { vehicle: to.name, status: 'assigned', reason: input.reason } };
  });
  if (from && from.id !== to.id) {
    ctx.missions.release(from.id, m0.id);
    if (from.status !== 'offline') await ctx.missions.instant(from, 'cancelOrder').catch(() => {});
  }
  await ctx.missions.dispatch(m0.id);
  return missionView((await missionById(ctx.db, m0.id))!);
}
