// Words by key in several languages: the shape of a catalog (the renderer's, and core's refusals
// in errors/), and filling in a refusal's parameters. Core words a refusal in English (API, CLI,
// log) from its code; the renderer words the same code in the operator's language.

/** A catalog: words by key, nested by topic. A key ending `_one` / `_other` is a plural form (`count` picks it). */
export interface Catalog {
  readonly [key: string]: string | Catalog;
}

type PluralSuffix = 'zero' | 'one' | 'two' | 'few' | 'many' | 'other';
type Base<K extends string> = K extends `${infer B}_${PluralSuffix}` ? B : K;

/** Every key of a catalog as a dotted path (`missions.queue.title`); plural forms by their base key. */
export type Keys<T, P extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${P}${Base<K>}` : Keys<T[K], `${P}${K}.`>;
}[keyof T & string];

/** The same keys as `T`, with any words: another language's catalog `satisfies Same<typeof en>`. */
export type Same<T> = { readonly [K in keyof T]: T[K] extends string ? string : Same<T[K]> };


/** A refusal's parameters: what the words name (a mission's reference, a status, a limit). */
export type ErrorParams = Readonly<Record<string, string | number>>;

/** `{{name}}` replaced by the parameter (a missing one stays visible, so it is noticed). */
export function fillIn(text: string, params: ErrorParams = {}): string {
  return text.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** The words at a dotted key of a nested catalog, or null. */
export function wordsAt(catalog: object, key: string): string | null {
  let at: unknown = catalog;
  for (const part of key.split('.')) at = at && typeof at === 'object' ? (at as Record<string, unknown>)[part] : undefined;
  return typeof at === 'string' ? at : null;
}
