// Residents: names for dispatch to everyone who may see missions; personal and medical
// details only with residents:read_pii, medical notes encrypted by the application and
// every read of them audited.
import { audited, record } from '../audit/write.js';
import type { ResidentDetail, ResidentInput, ResidentSummary } from '../contract/index.js';
import { DomainError } from '../errors.js';
import type { AuthedContext } from '../trpc.js';

interface Row {
  id: string; first_name: string; last_name: string; wheelchair_type: ResidentSummary['wheelchairType'];
  requires_assistance: boolean; preferred_language: string; emergency_contact_name: string | null; emergency_contact_phone: string | null;
  medical_notes_enc: string | null; gdpr_consent: boolean; gdpr_consent_at: Date | null; site_id: string;
}

const summary = (r: Row): ResidentSummary => ({
  id: r.id, displayName: `${r.first_name.slice(0, 1)}. ${r.last_name}`, wheelchairType: r.wheelchair_type,
  requiresAssistance: r.requires_assistance, preferredLanguage: r.preferred_language, consent: r.gdpr_consent,
});

export async function listResidents(ctx: AuthedContext, siteId?: string): Promise<ResidentSummary[]> {
  const rows = await ctx.db.query<Row>(
    'SELECT * FROM fleet.residents WHERE deleted_at IS NULL AND ($1::uuid IS NULL OR site_id = $1) ORDER BY last_name, first_name', [siteId ?? null]);
  return rows.map(summary);
}

export async function createResident(ctx: AuthedContext, input: ResidentInput): Promise<ResidentSummary> {
  const at = ctx.clock.now().toISOString();
  const row = await audited(ctx, 'residents:manage', { resourceType: 'resident', siteId: input.siteId }, async (tx) => {
    const [r] = await tx.query<Row>(
      `INSERT INTO fleet.residents (site_id, first_name, last_name, date_of_birth, wheelchair_type, requires_assistance, preferred_language,
         emergency_contact_name, emergency_contact_phone, medical_notes_enc, gdpr_consent, gdpr_consent_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING *`,
      [input.siteId, input.firstName, input.lastName, input.dateOfBirth, input.wheelchairType, input.requiresAssistance, input.preferredLanguage,
        input.emergencyContactName ?? null, input.emergencyContactPhone ?? null, input.medicalNotes ? ctx.secrets.seal(input.medicalNotes) : null,
        input.consent, input.consent ? at : null]);
    // The audit entry names the resident; personal fields are redacted by the audit writer.
    return { result: r!, resourceId: r!.id, newValues: { ...input, medicalNotes: input.medicalNotes ? '[set]' : null } };
  });
  return summary(row);
}

/** Personal and medical details; reading them is audited, refused or not. */
export async function residentDetail(ctx: AuthedContext, id: string): Promise<ResidentDetail> {
  const [r] = await ctx.db.query<Row & { dob: string }>("SELECT *, to_char(date_of_birth, 'YYYY-MM-DD') AS dob FROM fleet.residents WHERE id = $1 AND deleted_at IS NULL", [id]);
  if (!r) throw new DomainError('not_found', 'No such resident.');
  await record(ctx, { resourceType: 'resident', resourceId: r.id, siteId: r.site_id, action: 'residents.read_medical_notes' }, 'success');
  return {
    ...summary(r), firstName: r.first_name, lastName: r.last_name, dateOfBirth: r.dob, emergencyContactName: r.emergency_contact_name,
    emergencyContactPhone: r.emergency_contact_phone, medicalNotes: r.medical_notes_enc ? ctx.secrets.open(r.medical_notes_enc) : null,
    consentAt: r.gdpr_consent_at?.toISOString() ?? null,
  };
}
