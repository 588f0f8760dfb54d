// The console's words in the operator's language (i18next), and its dates and numbers in the
// same locale. Templates call `t(key, params)`: it reads the current language, so a switch
// redraws every word. Never call `t` at module top level: the words would stay in one language.
import i18next from 'i18next';
import en from './en/index.js';
import type { Keys } from '../../core/contract/words.js';

export const LOCALES = { en: 'English', nl: 'Nederlands' } as const;
export type Locale = keyof typeof LOCALES;
export type Key = Keys<typeof en>;
export type Params = Record<string, string | number | Date | null | undefined>;

const STORE = 'watchfloor.locale';
/** The Intl locale for dates and numbers: English as in the UK (24-hour clock, day first), Dutch as in the Netherlands. */
const INTL: Record<Locale, string> = { en: 'en-GB', nl: 'nl-NL' };

const isLocale = (v: unknown): v is Locale => typeof v === 'string' && v in LOCALES;

/** The language chosen on this workstation, else the browser's if it is one we have, else English. */
function initial(): Locale {
  const stored = globalThis.localStorage?.getItem(STORE);
  if (isLocale(stored)) return stored;
  const wanted = globalThis.navigator?.languages ?? [];
  return wanted.some((l) => l.toLowerCase().startsWith('nl')) ? 'nl' : 'en';
}

/** Each language but English is its own chunk, loaded when chosen (English is every key's fallback). */
const catalogs: Record<Exclude<Locale, 'en'>, () => Promise<{ default: object }>> = { nl: () => import('./nl/index.js') };

const i18n = i18next.createInstance();
void i18n.init({
  resources: { en: { translation: en } },
  lng: 'en',
  fallbackLng: 'en',
  initAsync: false,
  nsSeparator: false,
  interpolation: { escapeValue: false },
  returnNull: false,
});

let current = $state<Locale>('en');

export const locale = (): Locale => current;
export const intlLocale = (): string => INTL[current];

async function use(next: Locale): Promise<void> {
  if (next !== 'en' && !i18n.hasResourceBundle(next, 'translation')) i18n.addResourceBundle(next, 'translation', (await catalogs[next]()).default);
  current = next;
  if (globalThis.document) document.documentElement.lang = next;
}

/** Switches the console's language (loading its words first), and remembers it on this workstation. */
export async function setLocale(next: Locale): Promise<void> {
  await use(next);
  globalThis.localStorage?.setItem(STORE, next);
}

/** Starts in the language this workstation chose before, or the browser's (call before mounting the app). */
export const startLocale = (): Promise<void> => use(initial());

/** The words for `key` in the current language; `count` picks the plural form, `{{name}}` takes `params.name`. */
export function t(key: Key, params?: Params): string {
  return i18n.t(key, { ...params, lng: current }) as string;
}

/** Whether the current language has words for a key built at run time (a status, an error code). */
export const hasWords = (key: string): boolean => i18n.exists(key, { lng: current });

/** A key built at run time (`status.${s}`), with `fallback` when there are no words for it. */
export const tDynamic = (key: string, fallback: string, params?: Params): string =>
  hasWords(key) ? (i18n.t(key, { ...params, lng: current }) as string) : fallback;

const numbers = new Map<string, Intl.NumberFormat>();
/** A number in the current locale ("1,234.5" / "1.234,5"). */
export function num(n: number, options: Intl.NumberFormatOptions = {}): string {
  const id = `${current}|${JSON.stringify(options)}`;
  let f = numbers.get(id);
  if (!f) numbers.set(id, (f = new Intl.NumberFormat(INTL[current], options)));
  return f.format(n);
}
