import { describe, expect, it } from 'vitest';
import { setLocale } from '../../i18n/i18n.svelte.js';
import { parseParts } from './parts.js';

describe('parts lines', () => {
  it('reads a quantity when given, one otherwise', () => {
    expect(parseParts('2 × bumper switch\n\n1x fuse 5A\nscanner window')).toEqual({ ok: true, parts: [
      { name: 'bumper switch', quantity: 2 }, { name: 'fuse 5A', quantity: 1 }, { name: 'scanner window', quantity: 1 }] });
  });
  it('refuses a quantity of nothing, naming the line', async () => {
    expect(parseParts('0 × wheel')).toEqual({ ok: false, error: 'Parts: “0 × wheel” — a quantity is 1 to 10,000.' });
    try {
      await setLocale('nl');
      expect(parseParts('0 × wheel')).toEqual({ ok: false, error: 'Onderdelen: “0 × wheel” — een aantal is 1 tot 10.000.' });
    } finally {
      await setLocale('en');
    }
  });
});
