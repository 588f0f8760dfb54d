import type { Db } from '../../db/index.js';
import type { SecretBox } from '../iam/secrets.js';

/** Fictional residents of the demo site, so a demo can dispatch a transport at once. */
const DEMO_RESIDENTS = [
  { first: 'Ada', last: 'Visser', dob: '1941-03-02', chair: 'manual', assist: true, lang: 'nl', notes: 'Oxygen on trips over 20 minutes.' },
  { first: 'Bram', last: 'de Jong', dob: '1938-11-17', chair: 'powered', assist: false, lang: 'nl', notes: null },
  { first: 'Clara', last: 'Meyer', dob: '1945-06-30', chair: 'transport_chair', assist: true, lang: 'de', notes: 'Hard of hearing; speak slowly.' },
] as const;

/** In demo mode, a demo site without residents gets the fictional ones (with consent recorded). */
export async function seedDemoResidents(db: Db, secrets: SecretBox, demo: boolean): Promise<void> {
  if (!demo) return;
  await db.transaction(async (tx) => {
    const [site] = await tx.query<{ id: string; n: string }>(
      "SELECT s.id, (SELECT count(*) FROM fleet.residents r WHERE r.site_id = s.id) AS n FROM org.sites s WHERE s.slug = 'lindenhof' FOR UPDATE");
    if (!site || Number(site.n) > 0) return;
    for (const r of DEMO_RESIDENTS) {
      await tx.query(
        `INSERT INTO fleet.residents (site_id, first_name, last_name, date_of_birth, wheelchair_type, requires_assistance, preferred_language, medical_notes_enc, gdpr_consent, gdpr_consent_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, true, now())`,
        [site.id, r.first, r.last, r.dob, r.chair, r.assist, r.lang, r.notes ? secrets.seal(r.notes) : null]);
    }
  });
}
