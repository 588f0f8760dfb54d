import { afterEach, describe, expect, it } from 'vitest';
import { englishWords } from '../../core/contract/errors/index.js';
import { setLocale } from '../i18n/i18n.svelte.js';
import { conflictText } from './sync-words.js';

afterEach(() => setLocale('en'));

const why = { code: 'field.ticketConflict' as const, params: { subject: 'Bumper', status: 'in progress', when: '2026-05-01T10:00:00.000Z', by: 'office@site.test', laptop: 'resolved' } };
const conflict = { kind: 'ticket' as const, id: 't1', subject: 'Bumper', what: englishWords(why.code, why.params), why };
const now = Date.parse('2026-05-01T12:00:00Z');

describe('conflictText', () => {
  it('words a ticket conflict in site time, with its statuses in words', async () => {
    expect(conflictText(conflict, 'Europe/Amsterdam', now)).toBe(
      '“Bumper” was changed to in progress centrally at 12:00:00 (last by office@site.test); this laptop has it resolved. Keep the central ticket, or take this laptop\'s status.');
    await setLocale('nl');
    expect(conflictText(conflict, 'Europe/Amsterdam', now)).toBe(
      '“Bumper” kreeg centraal de status in behandeling op 12:00:00 (laatst door office@site.test); op deze laptop heeft het de status opgelost. '
      + 'Houd het centrale ticket aan, of neem de status van deze laptop over.');
  });

  it('shows the English words of a central console that sent no code', async () => {
    await setLocale('nl');
    expect(conflictText({ ...conflict, why: undefined }, 'Europe/Amsterdam', now)).toBe(conflict.what);
  });
});
