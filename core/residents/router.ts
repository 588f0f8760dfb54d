import { z } from 'zod';
import { ConsentInput, ResidentInput, ResidentUpdate } from '../contract/index.js';
import { access, router } from '../trpc.js';
import { eraseResident, recordConsent, setResidentActive, withdrawConsent } from './lifecycle.js';
import { createResident, listResidents, readResident, updateResident } from './service.js';
import { siteScope } from '../org/site-access.js';
import { own } from '../contract/errors/index.js';

const id = z.string().uuid();
const version = z.number().int();
const reason = z.string().trim().min(3, own('input.reason')).max(500);

export const residentsRouter = router({
  /** Sorted by last name without its particles, then first name; the search ignores accents and case. */
  list: access('residents:read').input(z.object({ siteId: id.optional(), search: z.string().max(200).optional(), includeInactive: z.boolean().optional() }))
    .query(({ ctx, input }) => listResidents(ctx, { ...input, sites: siteScope(ctx, input.siteId) })),
  detail: access('residents:read_pii').input(z.object({ id })).query(({ ctx, input }) => readResident(ctx, input.id)),
  create: access('residents:manage').input(ResidentInput).mutation(({ ctx, input }) => createResident(ctx, input)),
  update: access('residents:manage').input(ResidentUpdate).mutation(({ ctx, input }) => updateResident(ctx, input)),
  recordConsent: access('residents:manage').input(ConsentInput).mutation(({ ctx, input }) => recordConsent(ctx, input)),
  withdrawConsent: access('residents:manage').input(z.object({ id, version })).mutation(({ ctx, input }) => withdrawConsent(ctx, input)),
  setActive: access('residents:manage').input(z.object({ id, version, active: z.boolean(), reason }))
    .mutation(({ ctx, input }) => setResidentActive(ctx, input)),
  /** For good: name, date of birth, contacts and notes are anonymised; the mission history stays. */
  erase: access('residents:manage').input(z.object({ id, version, reason })).mutation(({ ctx, input }) => eraseResident(ctx, input)),
});
