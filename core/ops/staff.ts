// Staff and responders kept by hand: agencies (a hierarchy without circles), units with
// capabilities and a duty status, resources edited and linked to a user who signs in.
import type { Queryable } from '../../db/index.js';
import { staleWrite } from '../audit/last-change.js';
import { audited } from '../audit/write.js';
import { AgencyInput, ResourceEdit, UnitInput, type Staff } from '../contract/index.js';
import { DomainError } from '../errors.js';
import type { AuthedContext } from '../trpc.js';

const iso = (d: Date) => d.toISOString();

export async function listStaff(db: Queryable, siteId: string): Promise<Staff> {
  const agencies = await db.query<{ id: string; parent_id: string | null; code: string; name: string; type: Staff['agencies'][number]['type']; status: string; updated_at: Date }>(
    'SELECT id, parent_id, code, name, type, status, updated_at FROM ops.agencies WHERE site_id = $1 AND deleted_at IS NULL ORDER BY code', [siteId]);
  const units = await db.query<{ id: string; agency_id: string; code: string; name: string; capabilities: string[]; duty_status: Staff['units'][number]['dutyStatus']; updated_at: Date }>(
    `SELECT u.id, u.agency_id, u.code, u.name, u.capabilities, u.duty_status, u.updated_at FROM ops.units u JOIN ops.agencies a ON a.id = u.agency_id
     WHERE a.site_id = $1 AND u.deleted_at IS NULL ORDER BY u.code`, [siteId]);
  const resources = await db.query<{ id: string; name: string; identifier: string; type: Staff['resources'][number]['type']; subtype: string | null; status: string;
    agency_id: string | null; unit_id: string | null; capabilities: string[]; vehicle_id: string | null; user_id: string | null; email: string | null; updated_at: Date }>(
    `SELECT r.*, u.email FROM ops.resources r LEFT JOIN iam.users u ON u.id = r.user_id WHERE r.site_id = $1 AND r.deleted_at IS NULL ORDER BY r.type, r.name`, [siteId]);
  return {
    agencies: agencies.map((a) => ({ id: a.id, parentId: a.parent_id, code: a.code, name: a.name, type: a.type, active: a.status === 'active', updatedAt: iso(a.updated_at) })),
    units: units.map((u) => ({ id: u.id, agencyId: u.agency_id, code: u.code, name: u.name, capabilities: u.capabilities, dutyStatus: u.duty_status, updatedAt: iso(u.updated_at) })),
    resources: resources.map((r) => ({
      id: r.id, name: r.name, identifier: r.identifier, type: r.type, subtype: r.subtype, status: r.status, agencyId: r.agency_id, unitId: r.unit_id,
      capabilities: r.capabilities, vehicleId: r.vehicle_id, userId: r.user_id, user: r.email, updatedAt: iso(r.updated_at),
    })),
  };
}

/** Locks a record and refuses it when it changed since `loadedAt`. */
async function fresh(tx: Queryable, table: string, type: string, id: string, loadedAt: string | undefined, name: (r: Record<string, unknown>) => string) {
  const [r] = await tx.query<Record<string, unknown> & { updated_at: Date }>(`SELECT * FROM ${table} WHERE id = $1 AND deleted_at IS NULL FOR UPDATE`, [id]);
  if (!r) throw new DomainError('not_found', { code: 'ops.noSuchThing', params: { type } });
  if (loadedAt && iso(r.updated_at) !== new Date(loadedAt).toISOString()) throw await staleWrite(tx, type, id, name(r), 'changed');
  return r;
}

export async function saveAgency(ctx: AuthedContext, raw: AgencyInput): Promise<string> {
  const a = AgencyInput.parse(raw);
  return audited(ctx, { resourceType: 'agency', resourceId: a.id ?? null, siteId: a.siteId }, async (tx) => {
    if (a.parentId) await noCircle(tx, a.siteId, a.id ?? null, a.parentId);
    const [dup] = await tx.query('SELECT 1 FROM ops.agencies WHERE site_id = $1 AND code = $2 AND deleted_at IS NULL AND id IS DISTINCT FROM $3', [a.siteId, a.code, a.id ?? null]);
    if (dup) throw new DomainError('conflict', { code: 'ops.agencyCodeTaken', params: { code: a.code } }, 'code');
    const values = { parentId: a.parentId ?? null, code: a.code, name: a.name, type: a.type, active: a.active };
    if (!a.id) {
      const [r] = await tx.query<{ id: string }>('INSERT INTO ops.agencies (site_id, parent_id, code, name, type, status) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id',
        [a.siteId, values.parentId, a.code, a.name, a.type, a.active ? 'active' : 'inactive']);
      return { result: r!.id, resourceId: r!.id, newValues: values };
    }
    const before = await fresh(tx, 'ops.agencies', 'agency', a.id, a.loadedAt, (r) => `Agency ${String(r.code)}`);
    if (before.site_id !== a.siteId) throw new DomainError('invalid', { code: 'ops.agencyOfOtherSite' });
    await tx.query('UPDATE ops.agencies SET parent_id = $2, code = $3, name = $4, type = $5, status = $6 WHERE id = $1',
      [a.id, values.parentId, a.code, a.name, a.type, a.active ? 'active' : 'inactive']);
    return { result: a.id, oldValues: { parentId: before.parent_id, code: before.code, name: before.name, type: before.type, active: before.status === 'active' }, newValues: values };
  });
}

/** The new parent is of the site, and neither the agency itself nor one of its own sub-agencies. */
async function noCircle(tx: Queryable, siteId: string, id: string | null, parentId: string): Promise<void> {
  let at: string | null = parentId;
  for (let depth = 0; at; depth++) {
    if (at === id || depth > 50) throw new DomainError('invalid', { code: 'ops.agencyUnderItself' }, 'parentId');
    const [p]: { site_id: string; parent_id: string | null }[] = await tx.query('SELECT site_id, parent_id FROM ops.agencies WHERE id = $1 AND deleted_at IS NULL', [at]);
    if (!p || p.site_id !== siteId) throw new DomainError('invalid', { code: 'ops.parentNotAgency' }, 'parentId');
    at = p.parent_id;
  }
}

export async function saveUnit(ctx: AuthedContext, raw: UnitInput): Promise<string> {
  const u = UnitInput.parse(raw);
  return audited(ctx, { resourceType: 'unit', resourceId: u.id ?? null }, async (tx) => {
    const [agency] = await tx.query('SELECT 1 FROM ops.agencies WHERE id = $1 AND deleted_at IS NULL', [u.agencyId]);
    if (!agency) throw new DomainError('invalid', { code: 'ops.noSuchAgencyField' }, 'agencyId');
    const [dup] = await tx.query('SELECT 1 FROM ops.units WHERE agency_id = $1 AND code = $2 AND deleted_at IS NULL AND id IS DISTINCT FROM $3', [u.agencyId, u.code, u.id ?? null]);
    if (dup) throw new DomainError('conflict', { code: 'ops.unitCodeTaken', params: { code: u.code } }, 'code');
    const values = { agencyId: u.agencyId, code: u.code, name: u.name, capabilities: u.capabilities, dutyStatus: u.dutyStatus };
    if (!u.id) {
      const [r] = await tx.query<{ id: string }>('INSERT INTO ops.units (agency_id, code, name, capabilities, duty_status) VALUES ($1, $2, $3, $4, $5) RETURNING id',
        [u.agencyId, u.code, u.name, u.capabilities, u.dutyStatus]);
      return { result: r!.id, resourceId: r!.id, newValues: values };
    }
    const before = await fresh(tx, 'ops.units', 'unit', u.id, u.loadedAt, (r) => `Unit ${String(r.code)}`);
    await tx.query('UPDATE ops.units SET agency_id = $2, code = $3, name = $4, capabilities = $5, duty_status = $6 WHERE id = $1',
      [u.id, u.agencyId, u.code, u.name, u.capabilities, u.dutyStatus]);
    return { result: u.id, oldValues: { code: before.code, name: before.name, capabilities: before.capabilities, dutyStatus: before.duty_status }, newValues: values };
  });
}

export async function editResource(ctx: AuthedContext, raw: ResourceEdit): Promise<string> {
  const e = ResourceEdit.parse(raw);
  return audited(ctx, { resourceType: 'resource', resourceId: e.id }, async (tx) => {
    const before = await fresh(tx, 'ops.resources', 'resource', e.id, e.loadedAt, (r) => String(r.name));
    if (e.agencyId) {
      const [a] = await tx.query<{ site_id: string }>('SELECT site_id FROM ops.agencies WHERE id = $1 AND deleted_at IS NULL', [e.agencyId]);
      if (!a || a.site_id !== before.site_id) throw new DomainError('invalid', { code: 'ops.agencyOfOtherSiteField' }, 'agencyId');
    }
    if (e.unitId) {
      const [u] = await tx.query<{ agency_id: string }>('SELECT agency_id FROM ops.units WHERE id = $1 AND deleted_at IS NULL', [e.unitId]);
      if (!u || (e.agencyId && u.agency_id !== e.agencyId)) throw new DomainError('invalid', { code: 'ops.unitOfOtherAgency' }, 'unitId');
    }
    if (e.userId) {
      if (before.type !== 'personnel') throw new DomainError('invalid', { code: 'ops.onlyPersonUser' }, 'userId');
      const [u] = await tx.query('SELECT 1 FROM iam.users WHERE id = $1 AND deleted_at IS NULL', [e.userId]);
      if (!u) throw new DomainError('invalid', { code: 'ops.noSuchUserField' }, 'userId');
      const [other] = await tx.query<{ name: string }>('SELECT name FROM ops.resources WHERE user_id = $1 AND id <> $2 AND deleted_at IS NULL', [e.userId, e.id]);
      if (other) throw new DomainError('conflict', { code: 'ops.userAlreadyLinked', params: { name: other.name } }, 'userId');
    }
    if (before.vehicle_id && (e.name !== before.name)) throw new DomainError('invalid', { code: 'ops.renameFleetVehicle' }, 'name');
    const [taken] = await tx.query('SELECT 1 FROM ops.resources WHERE site_id = $1 AND identifier = $2 AND id <> $3 AND deleted_at IS NULL', [before.site_id, e.identifier, e.id]);
    if (taken) throw new DomainError('conflict', { code: 'ops.resourceNameTakenField', params: { identifier: e.identifier } }, 'identifier');
    await tx.query('UPDATE ops.resources SET name = $2, identifier = $3, subtype = $4, agency_id = $5, unit_id = $6, capabilities = $7, user_id = $8 WHERE id = $1',
      [e.id, e.name, e.identifier, e.subtype ?? null, e.agencyId ?? null, e.unitId ?? null, e.capabilities, e.userId ?? null]);
    const pick = (r: Record<string, unknown>) => ({ name: r.name, identifier: r.identifier, agencyId: r.agency_id, unitId: r.unit_id, capabilities: r.capabilities, userId: r.user_id });
    return { result: e.id, oldValues: pick(before), newValues: pick({ name: e.name, identifier: e.identifier, agency_id: e.agencyId ?? null, unit_id: e.unitId ?? null, capabilities: e.capabilities, user_id: e.userId ?? null }) };
  });
}
