import { describe, expect, it } from 'vitest';
import en from './en/index.js';
import nl from './nl/index.js';
import { num, setLocale, t } from './i18n.svelte.js';

/** Every leaf of a catalog as [dotted key, words]. */
function leaves(c: object, prefix = ''): [string, string][] {
  return Object.entries(c).flatMap(([k, v]) => (typeof v === 'string' ? [[`${prefix}${k}`, v] as [string, string]] : leaves(v as object, `${prefix}${k}.`)));
}
const params = (s: string) => [...s.matchAll(/\{\{\s*(\w+)/g)].map((m) => m[1]).sort();

describe('the catalogs', () => {
  it('Dutch has every English key, no other, and none empty', () => {
    const e = leaves(en).map(([k]) => k).sort();
    const n = leaves(nl).map(([k]) => k).sort();
    expect(n).toEqual(e);
    expect(leaves(nl).filter(([, v]) => !v.trim())).toEqual([]);
  });

  it('each Dutch entry takes the same parameters as its English one', () => {
    const dutch = new Map(leaves(nl));
    const differ = leaves(en).filter(([k, v]) => params(v).join() !== params(dutch.get(k) ?? '').join());
    expect(differ).toEqual([]);
  });
});

describe('t', () => {
  it('words a key in the chosen language, and numbers follow it', async () => {
    await setLocale('en');
    expect(t('common.close')).toBe('Close');
    expect(num(1234.5)).toBe('1,234.5');
    await setLocale('nl');
    expect(t('common.close')).toBe('Sluiten');
    expect(num(1234.5)).toBe('1.234,5');
    await setLocale('en');
  });
});
