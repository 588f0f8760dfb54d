import { describe, expect, it } from 'vitest';
import { setLocale } from '../i18n/i18n.svelte.js';
import { correctionText } from './correction-words.js';

describe('a correction in words', () => {
  it('names each field corrected, with the old and new text, and the reason', async () => {
    expect(correctionText({ from: { title: 'Pothole', lat: 1 }, to: { title: 'Deep pothole', location: { lat: 1, lon: 2 } }, reason: 'typo' }))
      .toBe('Corrected title “Pothole” → “Deep pothole”; location moved (typo)');
    expect(correctionText({ from: { parentId: null }, to: { parentId: 'x' } })).toBe('Corrected part of changed');
    await setLocale('nl');
    try {
      expect(correctionText({ from: { title: 'Kuil' }, to: { title: 'Diepe kuil', location: { lat: 1, lon: 2 } }, reason: 'typfout' }))
        .toBe('Gecorrigeerd: titel “Kuil” → “Diepe kuil”; locatie verplaatst (typfout)');
    } finally {
      await setLocale('en');
    }
  });
});
