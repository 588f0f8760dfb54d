import { TRPCClientError } from '@trpc/client';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AlertRuleInput, Area, AnnouncementInput, checkGraph, placeProblem } from '../../core/contract/index.js';
import { englishWords, inputIssues, type Reason } from '../../core/contract/errors/index.js';
import { setLocale } from '../i18n/i18n.svelte.js';
import { errorText } from './errors.js';

/** A failed call as @trpc/client hands it over: built from the error response core sends. */
const failed = (message: string, data: Record<string, unknown>) =>
  TRPCClientError.from({ error: { code: -32600, message, data: { code: 'BAD_REQUEST', httpStatus: 400, ...data } } });
const refusal = (reason: Reason) => failed(englishWords(reason.code, reason.params), { reason });

/** Bad input as core's error formatter words it: "path: message; …", with the issues beside it. */
function badInput(schema: z.ZodType, value: unknown) {
  const error = schema.safeParse(value).error!;
  const message = error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)).join('; ');
  return failed(message, { issues: inputIssues(error) });
}

afterEach(() => setLocale('en'));

describe('errorText', () => {
  it("words a coded refusal in the operator's language, with its parameters", async () => {
    const err = refusal({ code: 'fleet.inMaintenance', params: { name: 'AGV 1', reason: 'remmen' } });
    expect(errorText(err)).toBe('AGV 1 is in maintenance (remmen); return it to service first.');
    await setLocale('nl');
    expect(errorText(err)).toBe('AGV 1 is in onderhoud (remmen); zet het eerst weer in gebruik.');
    expect(errorText(refusal({ code: 'iam.signInFirst' }))).toBe('Log eerst in.');
  });

  it('names the field a refusal is about', async () => {
    await setLocale('nl');
    expect(errorText(refusal({ code: 'missions.dropoffIsPickup', field: 'dropoffNode' }))).toBe('dropoffNode: Het afleverpunt is het ophaalpunt: kies een andere plek.');
  });

  it("words a case's kind given as a parameter", async () => {
    await setLocale('nl');
    const err = refusal({ code: 'cases.cannotMoveFinal', params: { what: 'service request', from: 'closed', to: 'open' } });
    expect(errorText(err)).toBe('Een melding kan niet van closed naar open: closed is een eindstatus.');
  });

  it('words the refusals that were English sentences: a place for vehicles, a drawing problem, a ticket push conflict', async () => {
    const charger = refusal(placeProblem({ name: 'Charger 1', kind: 'charger' }, 'drop-off')!);
    expect(errorText(charger)).toBe('Charger 1 is a charger, where vehicles charge, not a place to drop off a resident.');
    const [unnamed] = checkGraph([{ id: 'n1', kind: 'charger', x: 0, y: 0 }, { id: 'n2', kind: 'room', name: 'Ward', x: 1, y: 0 }], [['n1', 'n2']], null);
    expect(unnamed).toMatchObject({ code: 'unnamed_place', message: 'The charger at n1 needs a name.', reason: { code: 'org.graph.unnamedPlace', params: { kind: 'charger', id: 'n1' } } });
    const conflict = refusal({ code: 'field.ticketConflict', params: { subject: 'Bumper', status: 'open', when: '2026-05-01T10:00:00.000Z', by: 'office@site.test', laptop: 'resolved' } });
    await setLocale('nl');
    expect(errorText(charger)).toBe('Charger 1 is een laadpaal, waar voertuigen laden, geen plek om een bewoner af te leveren.');
    expect(errorText(refusal({ ...unnamed!.reason, field: 'graph' }))).toBe('graph: Punt n1 (laadpaal) heeft een naam nodig.');
    expect(errorText(conflict)).toBe('“Bumper” kreeg centraal de status open op 2026-05-01T10:00:00.000Z (laatst door office@site.test); '
      + 'op deze laptop heeft het de status resolved. Houd het centrale ticket aan, of neem de status van deze laptop over.');
  });

  it('shows a refusal without a code, or with a code it has no words for, as core worded it', async () => {
    await setLocale('nl');
    expect(errorText(failed('Something core said.', {}))).toBe('Something core said.');
    expect(errorText(failed('Core words.', { reason: { code: 'no.such.code' } }))).toBe('Core words.');
    expect(errorText(new Error('plain'))).toBe('plain');
  });

  it("words zod's own messages for bad input in Dutch, and keeps a schema's own message", async () => {
    const schema = z.object({ name: z.string().min(3), email: z.email(), age: z.number(), note: z.string().max(5, 'Keep it short.') });
    const err = badInput(schema, { name: 'ab', email: 'x', age: 'old', note: 'much too long' });
    expect(errorText(err)).toBe(err.message);
    expect(err.message).toContain('name: Too small: expected string to have >=3 characters');
    await setLocale('nl');
    expect(errorText(err)).toBe([
      'name: Te kort: verwacht dat string >=3 tekens heeft',
      'email: Ongeldig: emailadres',
      'age: Ongeldige invoer: verwacht getal, ontving string',
      'note: Keep it short.',
    ].join('; '));
  });

  it("words a schema's own words for zod's checks in the operator's language", async () => {
    const err = badInput(AlertRuleInput, { name: ' ', sensorKind: 'temperature', comparison: 'gt', threshold: Number.POSITIVE_INFINITY, durationS: -1, severity: 9 });
    expect(errorText(err)).toBe(err.message);
    await setLocale('nl');
    expect(errorText(err)).toBe([
      'name: geef de regel een naam',
      'threshold: de drempel moet een getal zijn',
      'durationS: hoe lang loopt van 0 tot 86.400 hele seconden (een dag)',
      'severity: ernst loopt van 1 (kritiek) tot 5',
    ].join('; '));
  });

  it("sends a schema's own refusal with its code, and words it in the operator's language", async () => {
    const bowtie = { type: 'polygon', ring: [[5.12, 52.09], [5.121, 52.091], [5.121, 52.09], [5.12, 52.091]] };
    const issues = inputIssues(Area.safeParse(bowtie).error!);
    expect(issues).toEqual([{ path: ['ring'], code: 'custom', message: 'the polygon crosses itself (edge 1 crosses edge 3)', reason: { code: 'area.crosses', params: { a: 1, b: 3 } } }]);
    const err = badInput(z.object({ area: Area }), { area: bowtie });
    expect(errorText(err)).toBe('area.ring: the polygon crosses itself (edge 1 crosses edge 3)');
    await setLocale('nl');
    expect(errorText(err)).toBe('area.ring: het vlak snijdt zichzelf (zijde 1 kruist zijde 3)');
    expect(errorText(badInput(Area, { type: 'circle', center: { lat: 52, lon: 5 }, radiusM: 0 }))).toBe('radiusM: een cirkel heeft een straal groter dan 0 m nodig');
    expect(errorText(badInput(Area, { type: 'polygon', ring: [[5.12, 52.09], [5.121, 52.09]] }))).toBe('ring: een vlak heeft minstens 3 hoekpunten nodig');
  });

  it("words a coded refine, and keeps a code it has no words for as core said it", async () => {
    const announcement = { siteId: '0190a8e0-0000-7000-8000-000000000001', title: 'Works', type: 'road_closure', area: { type: 'point', center: { lat: 52, lon: 5 } },
      startsAt: '2026-05-02T10:00:00Z', endsAt: '2026-05-01T10:00:00Z' };
    const parsed = AnnouncementInput.safeParse(announcement);
    expect(parsed.success).toBe(false);
    const [own] = inputIssues(parsed.error!);
    expect(own).toMatchObject({ path: ['endsAt'], message: 'the end must come after the start', reason: { code: 'city.announcementEndsFirst' } });
    await setLocale('nl');
    expect(errorText(failed('endsAt: the end must come after the start', { issues: [own] }))).toBe('endsAt: het einde moet na het begin liggen');
    const unknown = { path: ['x'], code: 'custom', message: 'Core said so.', reason: { code: 'no.such.code' } };
    expect(errorText(failed('x: Core said so.', { issues: [unknown] }))).toBe('x: Core said so.');
  });
});
