// Residents: list and search (accents and case aside, "de Jong" with the J's), create, edit,
// read personal details. Personal fields need residents:read_pii besides residents:manage;
// every change is audited, with personal values redacted by the audit writer.
import type { Queryable } from '../../db/index.js';
import { audited, record } from '../audit/write.js';
import { staleWrite } from '../audit/last-change.js';
import { compareResidents, matchesName, ResidentInput, ResidentUpdate, type ResidentDetail, type ResidentSummary } from '../contract/index.js';
import { DomainError } from '../errors.js';
import type { AuthedContext } from '../trpc.js';
import { RESIDENT_SELECT, residentById, residentDetail, residentSummary, type ResidentRow } from './store.js';
import { mustSee, sitesParam } from '../org/site-access.js';

export interface ResidentFilter { siteId?: string | undefined; sites?: string[] | null; search?: string | undefined; includeInactive?: boolean | undefined }

export async function listResidents(ctx: AuthedContext, f: ResidentFilter = {}): Promise<ResidentSummary[]> {
  const rows = await ctx.db.query<ResidentRow>(
    `${RESIDENT_SELECT} WHERE r.deleted_at IS NULL AND ($1::uuid[] IS NULL OR r.site_id = ANY($1)) AND ($2 OR (r.active AND r.erased_at IS NULL))`,
    [sitesParam(f), f.includeInactive ?? false]);
  // Without residents:read_pii a search finds by last name and initial only, as the list shows them.
  const pii = ctx.user.permissions.includes('residents:read_pii');
  const named = rows.map((r) => ({ r, firstName: pii ? r.first_name : r.first_name.slice(0, 1), lastName: r.erased_at ? '' : r.last_name }));
  return named.filter((n) => !f.search || (!n.r.erased_at && matchesName(n, f.search))).sort(compareResidents).map((n) => residentSummary(n.r));
}

/** Personal and medical details; reading them is audited. */
export async function readResident(ctx: AuthedContext, id: string): Promise<ResidentDetail> {
  const r = await residentById(ctx.db, id);
  if (!r) throw new DomainError('not_found', { code: 'residents.noSuchResident' });
  await record(ctx, { resourceType: 'resident', resourceId: r.id, siteId: r.site_id, action: 'residents.read_medical_notes' }, 'success');
  return residentDetail(r, ctx.secrets);
}

export function needPii(ctx: AuthedContext): void {
  if (!ctx.user.permissions.includes('residents:read_pii')) {
    throw new DomainError('forbidden', { code: 'residents.needsPii' });
  }
}

export async function createResident(ctx: AuthedContext, raw: ResidentInput): Promise<ResidentSummary> {
  const input = ResidentInput.parse(raw);
  const at = ctx.clock.now();
  const row = await audited(ctx, { resourceType: 'resident', siteId: input.siteId }, async (tx) => {
    needPii(ctx);
    checkBirth(input.dateOfBirth, at);
    const [r] = await tx.query<{ id: string }>(
      `INSERT INTO fleet.residents (site_id, first_name, last_name, date_of_birth, wheelchair_type, requires_assistance, preferred_language,
         emergency_contact_name, emergency_contact_phone, medical_notes_enc, gdpr_consent, gdpr_consent_at, gdpr_consent_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id`,
      [input.siteId, input.firstName, input.lastName, input.dateOfBirth, input.wheelchairType, input.requiresAssistance, input.preferredLanguage,
        input.emergencyContactName || null, input.emergencyContactPhone ?? null, input.medicalNotes ? ctx.secrets.seal(input.medicalNotes) : null,
        input.consent, input.consent ? at.toISOString() : null, input.consent ? ctx.user.id : null]);
    return { result: (await residentById(tx, r!.id))!, resourceId: r!.id, newValues: { ...input, medicalNotes: input.medicalNotes ? '[set]' : null } };
  });
  return residentSummary(row);
}

export async function updateResident(ctx: AuthedContext, raw: ResidentUpdate): Promise<ResidentSummary> {
  const input = ResidentUpdate.parse(raw);
  const row = await audited(ctx, { resourceType: 'resident', resourceId: input.id }, async (tx) => {
    needPii(ctx);
    const before = await current(ctx, tx, input.id, input.version);
    checkBirth(input.dateOfBirth, ctx.clock.now());
    const notes = before.medical_notes_enc ? ctx.secrets.open(before.medical_notes_enc) : null;
    const now = {
      firstName: input.firstName, lastName: input.lastName, dateOfBirth: input.dateOfBirth, wheelchairType: input.wheelchairType,
      requiresAssistance: input.requiresAssistance, preferredLanguage: input.preferredLanguage, emergencyContactName: input.emergencyContactName || null,
      emergencyContactPhone: input.emergencyContactPhone ?? null, medicalNotes: input.medicalNotes || null,
    };
    const was = residentDetail(before, ctx.secrets);
    const changed = (Object.keys(now) as (keyof typeof now)[]).filter((k) => (k === 'medicalNotes' ? notes : was[k]) !== now[k]);
    if (!changed.length) return { result: before, oldValues: {}, newValues: {} };
    await tx.query(
      `UPDATE fleet.residents SET first_name = $2, last_name = $3, date_of_birth = $4, wheelchair_type = $5, requires_assistance = $6,
         preferred_language = $7, emergency_contact_name = $8, emergency_contact_phone = $9, medical_notes_enc = $10, version = version + 1 WHERE id = $1`,
      [input.id, now.firstName, now.lastName, now.dateOfBirth, now.wheelchairType, now.requiresAssistance, now.preferredLanguage,
        now.emergencyContactName, now.emergencyContactPhone, now.medicalNotes ? ctx.secrets.seal(now.medicalNotes) : null]);
    const pick = (o: Record<string, unknown>) => Object.fromEntries(changed.map((k) => [k, k === 'medicalNotes' ? (o[k] ? '[set]' : null) : o[k]]));
    return { result: (await residentById(tx, input.id))!, oldValues: pick({ ...was, medicalNotes: notes }), newValues: pick(now) };
  });
  return residentSummary(row);
}

/** The resident at the version the caller loaded, locked; a newer one is a stale write. */
export async function current(ctx: AuthedContext, tx: Queryable, id: string, version: number): Promise<ResidentRow> {
  const r = await residentById(tx, id, true);
  if (!r) throw new DomainError('not_found', { code: 'residents.noSuchResident' });
  mustSee(ctx, r, 'resident');
  if (r.erased_at) throw new DomainError('conflict', { code: 'residents.erased' });
  if (r.version !== version) throw await staleWrite(tx, 'resident', id, 'The resident', `at version ${r.version}`);
  return r;
}

function checkBirth(day: string, now: Date): void {
  const d = new Date(`${day}T00:00:00Z`);
  if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== day) throw new DomainError('invalid', { code: 'residents.notADate', params: { day } }, 'dateOfBirth');
  if (d > now) throw new DomainError('invalid', { code: 'residents.bornInFuture' }, 'dateOfBirth');
}
