// Residents as stored: rows, and what each reader may see of them.
import type { Queryable } from '../../db/index.js';
import type { ResidentDetail, ResidentSummary } from '../contract/index.js';
import type { SecretBox } from '../iam/secrets.js';

export interface ResidentRow {
  id: string; site_id: string; first_name: string; last_name: string; dob: string | null; wheelchair_type: ResidentSummary['wheelchairType'];
  requires_assistance: boolean; preferred_language: string; emergency_contact_name: string | null; emergency_contact_phone: string | null;
  medical_notes_enc: string | null; gdpr_consent: boolean; gdpr_consent_at: Date | null; consent_by: string | null;
  consent_withdrawn_at: Date | null; withdrawn_by: string | null; active: boolean; erased_at: Date | null; version: number;
}

export const RESIDENT_SELECT = `
  SELECT r.*, to_char(r.date_of_birth, 'YYYY-MM-DD') AS dob, cb.email AS consent_by, wb.email AS withdrawn_by
  FROM fleet.residents r
  LEFT JOIN iam.users cb ON cb.id = r.gdpr_consent_by
  LEFT JOIN iam.users wb ON wb.id = r.consent_withdrawn_by`;

/** What everyone who may see missions reads: initial and last name, no personal details. */
export const residentSummary = (r: ResidentRow): ResidentSummary => ({
  id: r.id, displayName: r.erased_at ? 'Erased resident' : `${r.first_name.slice(0, 1)}. ${r.last_name}`, wheelchairType: r.wheelchair_type,
  requiresAssistance: r.requires_assistance, preferredLanguage: r.preferred_language, consent: r.gdpr_consent, active: r.active,
  erased: r.erased_at !== null, version: r.version,
});

export const residentDetail = (r: ResidentRow, secrets: SecretBox): ResidentDetail => ({
  ...residentSummary(r), siteId: r.site_id, firstName: r.first_name, lastName: r.last_name, dateOfBirth: r.dob,
  emergencyContactName: r.emergency_contact_name, emergencyContactPhone: r.emergency_contact_phone,
  medicalNotes: r.medical_notes_enc ? secrets.open(r.medical_notes_enc) : null,
  consentAt: r.gdpr_consent_at?.toISOString() ?? null, consentBy: r.consent_by,
  consentWithdrawnAt: r.consent_withdrawn_at?.toISOString() ?? null, consentWithdrawnBy: r.withdrawn_by,
});

export async function residentById(db: Queryable, id: string, lock = false): Promise<ResidentRow | undefined> {
  if (lock) await db.query('SELECT 1 FROM fleet.residents WHERE id = $1 FOR UPDATE', [id]);
  return (await db.query<ResidentRow>(`${RESIDENT_SELECT} WHERE r.id = $1 AND r.deleted_at IS NULL`, [id]))[0];
}
