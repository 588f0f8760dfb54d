// A resident's consent, deactivation and erasure. Erasure keeps the row, which missions
// point at, with every personal field emptied: the mission history stays, anonymous.
import { audited } from '../audit/write.js';
import type { ResidentSummary } from '../contract/index.js';
import { DomainError } from '../errors.js';
import type { AuthedContext } from '../trpc.js';
import { current } from './service.js';
import { residentById, residentSummary } from './store.js';

interface Loaded { id: string; version: number }

export async function recordConsent(ctx: AuthedContext, input: Loaded & { date?: string | undefined }): Promise<ResidentSummary> {
  const now = ctx.clock.now();
  const day = input.date ?? now.toISOString().slice(0, 10);
  const at = new Date(`${day}T12:00:00Z`);
  if (Number.isNaN(at.getTime()) || at.toISOString().slice(0, 10) !== day) throw new DomainError('invalid', { code: 'residents.notADate', params: { day } }, 'date');
  if (day > now.toISOString().slice(0, 10)) throw new DomainError('invalid', { code: 'residents.consentInFuture' }, 'date');
  // Today's consent carries the time it was recorded; an earlier day, its noon.
  const when = day === now.toISOString().slice(0, 10) ? now : at;
  return change(ctx, input, async (tx, before) => {
    await tx.query(
      `UPDATE fleet.residents SET gdpr_consent = true, gdpr_consent_at = $2, gdpr_consent_by = $3, consent_withdrawn_at = NULL, consent_withdrawn_by = NULL,
         version = version + 1 WHERE id = $1`, [input.id, when.toISOString(), ctx.user.id]);
    return { oldValues: { consent: before.gdpr_consent }, newValues: { consent: true, consentAt: when.toISOString() } };
  });
}

export async function withdrawConsent(ctx: AuthedContext, input: Loaded): Promise<ResidentSummary> {
  return change(ctx, input, async (tx, before) => {
    if (!before.gdpr_consent) throw new DomainError('conflict', { code: 'residents.noConsentToWithdraw' });
    await tx.query(
      `UPDATE fleet.residents SET gdpr_consent = false, gdpr_consent_at = NULL, gdpr_consent_by = NULL, consent_withdrawn_at = $2, consent_withdrawn_by = $3,
         version = version + 1 WHERE id = $1`, [input.id, ctx.clock.now().toISOString(), ctx.user.id]);
    return { oldValues: { consent: true }, newValues: { consent: false } };
  });
}

/** Deactivated residents stay (with their history) but get no new transports and leave the list. */
export async function setResidentActive(ctx: AuthedContext, input: Loaded & { active: boolean; reason: string }): Promise<ResidentSummary> {
  return change(ctx, input, async (tx, before) => {
    if (before.active === input.active) throw new DomainError('conflict', { code: input.active ? 'residents.alreadyActive' : 'residents.alreadyDeactivated' });
    if (!input.active) await noOpenMissions(tx, input.id, 'deactivated');
    await tx.query('UPDATE fleet.residents SET active = $2, version = version + 1 WHERE id = $1', [input.id, input.active]);
    return { oldValues: { active: before.active }, newValues: { active: input.active, reason: input.reason } };
  });
}

/** Anonymises name, date of birth, contacts and notes (the resident's and their missions'), for good. */
export async function eraseResident(ctx: AuthedContext, input: Loaded & { reason: string }): Promise<ResidentSummary> {
  return change(ctx, input, async (tx) => {
    await noOpenMissions(tx, input.id, 'erased');
    await tx.query(
      `UPDATE fleet.residents SET first_name = 'Erased', last_name = 'resident', date_of_birth = NULL, emergency_contact_name = NULL,
         emergency_contact_phone = NULL, medical_notes_enc = NULL, gdpr_consent = false, gdpr_consent_at = NULL, gdpr_consent_by = NULL,
         active = false, erased_at = $2, erased_by = $3, version = version + 1 WHERE id = $1`, [input.id, ctx.clock.now().toISOString(), ctx.user.id]);
    // A mission's notes are free text about the resident.
    const notes = await tx.query('UPDATE fleet.missions SET notes = NULL WHERE resident_id = $1 AND notes IS NOT NULL RETURNING id', [input.id]);
    return { oldValues: {}, newValues: { erased: true, missionNotesCleared: notes.length, reason: input.reason } };
  });
}

async function noOpenMissions(tx: Parameters<Parameters<typeof audited>[2]>[0], id: string, what: string): Promise<void> {
  const [open] = await tx.query<{ n: string }>(
    "SELECT count(*) AS n FROM fleet.missions WHERE resident_id = $1 AND status IN ('pending', 'assigned', 'in_progress') AND deleted_at IS NULL", [id]);
  const n = Number(open!.n);
  if (n) throw new DomainError('conflict', { code: n > 1 ? 'residents.openTransports' : 'residents.openTransport', params: { n, what } });
}

type Tx = Parameters<Parameters<typeof audited>[2]>[0];

async function change(ctx: AuthedContext, input: Loaded,
  apply: (tx: Tx, before: Awaited<ReturnType<typeof current>>) => Promise<{ oldValues: unknown; newValues: unknown }>): Promise<ResidentSummary> {
  const row = await audited(ctx, { resourceType: 'resident', resourceId: input.id }, async (tx) => {
    const before = await current(ctx, tx, input.id, input.version);
    const values = await apply(tx, before);
    return { result: (await residentById(tx, input.id))!, ...values };
  });
  return residentSummary(row);
}
