import { TRPCClientError } from '@trpc/client';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
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
});
