// Residents: the people the robots carry. Names for dispatch to everyone who may see
// missions; personal fields (declared with `personal`) only with residents:read_pii.
import { z } from 'zod';
import { personal, withPersonal } from './personal.js';
import { own } from './errors/index.js';

export const WheelchairType = z.enum(['manual', 'powered', 'transport_chair']);
const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, own('input.day'));

export const ResidentSummary = z.object({
  id: z.string().uuid(),
  displayName: z.string(),
  wheelchairType: WheelchairType,
  requiresAssistance: z.boolean(),
  preferredLanguage: z.string(),
  consent: z.boolean(),
  /** False once deactivated (moved out, deceased): kept, but no new transports. */
  active: z.boolean(),
  erased: z.boolean(),
  version: z.number().int(),
});
export type ResidentSummary = z.infer<typeof ResidentSummary>;

const fields = {
  firstName: personal(z.string().trim().min(1, own('input.firstName')).max(100)),
  lastName: personal(z.string().trim().min(1, own('input.lastName')).max(100)),
  dateOfBirth: personal(Day),
  wheelchairType: WheelchairType,
  requiresAssistance: z.boolean(),
  preferredLanguage: z.string().regex(/^[a-z]{2}(-[A-Z]{2})?$/, own('input.languageCode')),
  emergencyContactName: personal(z.string().trim().max(200).optional()),
  emergencyContactPhone: personal(z.string().trim().regex(/^\+?[0-9 ()./-]{3,40}$/, own('input.phone')).optional()
    .or(z.literal('')).transform((p) => p || undefined)),
  medicalNotes: personal(z.string().max(4000).optional()),
};

export const ResidentInput = withPersonal(z.object({ siteId: z.string().uuid(), ...fields, consent: z.boolean() }));
export type ResidentInput = z.input<typeof ResidentInput>;

/** An edit of a resident loaded at `version`; consent has its own procedures. */
export const ResidentUpdate = withPersonal(z.object({ id: z.string().uuid(), version: z.number().int(), ...fields }));
export type ResidentUpdate = z.input<typeof ResidentUpdate>;

export const ConsentInput = z.object({
  id: z.string().uuid(),
  version: z.number().int(),
  /** The day consent was given (default today), never in the future. */
  date: Day.optional(),
});

/** Everything about a resident, for those allowed to read personal details. */
export const ResidentDetail = withPersonal(ResidentSummary.extend({
  siteId: z.string().uuid(),
  firstName: fields.firstName,
  lastName: fields.lastName,
  dateOfBirth: personal(z.string().nullable()),
  emergencyContactName: personal(z.string().nullable()),
  emergencyContactPhone: personal(z.string().nullable()),
  medicalNotes: personal(z.string().nullable()),
  consentAt: z.string().nullable(),
  consentBy: z.string().nullable(),
  consentWithdrawnAt: z.string().nullable(),
  consentWithdrawnBy: z.string().nullable(),
}));
export type ResidentDetail = z.infer<typeof ResidentDetail>;

/** Name particles that do not decide where a name sorts: "de Jong" goes with the J's. */
const PARTICLES = new Set(['de', 'den', 'der', 'des', 'du', 'het', "'t", 'te', 'ten', 'ter', 'van', 'von', 'zu', 'la', 'le', 'da', 'di', 'dos', 'del', 'della', 'in', 'op', 'aan', 'bij', 'uit', 'vd', 'v.d.']);

/** Lower case, no accents: "Émile Ödegård" → "emile odegard". */
export const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().trim();

/** The part of a last name that sorts it: particles in front are skipped ("van der Berg" → "berg"). */
export function sortingName(lastName: string): string {
  const words = fold(lastName).split(/\s+/).filter(Boolean);
  let i = 0;
  while (i < words.length - 1 && PARTICLES.has(words[i]!)) i++;
  return words.slice(i).join(' ');
}

const collator = new Intl.Collator('en', { sensitivity: 'base', numeric: true });

/** Residents in the order people look them up: by last name without its particles, then first name, accents and case aside. */
export function compareResidents(a: { firstName: string; lastName: string }, b: { firstName: string; lastName: string }): number {
  return collator.compare(sortingName(a.lastName), sortingName(b.lastName)) || collator.compare(fold(a.firstName), fold(b.firstName))
    || collator.compare(fold(a.lastName), fold(b.lastName));
}

/** Every word of the search is in the name, accents and case aside ("jose", "José", "JOSE" all find José). */
export function matchesName(r: { firstName: string; lastName: string }, search: string): boolean {
  const hay = fold(`${r.firstName} ${r.lastName}`);
  return fold(search).split(/\s+/).filter(Boolean).every((w) => hay.includes(w));
}
