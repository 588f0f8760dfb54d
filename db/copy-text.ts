// Rows in PostgreSQL's COPY text format (one line a row, columns split by tabs), for
// `Queryable.copyIn`. Text cannot hold NUL and the database refuses lone surrogates: both
// become U+FFFD, as they do in the JSON parameters of the other writes, so that no string
// from a message can make a batch fail. A number that is not finite is stored as NULL, as
// JSON writes it.

type Value = string | number | boolean | null | undefined;

/** What text cannot carry as it is: COPY's own separators and escape, NUL, and a surrogate without its pair. */
const SPECIAL = /[\\\t\n\r\0]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const SPECIALS = new RegExp(SPECIAL.source, 'g');
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };
const escape = (s: string) => (SPECIAL.test(s) ? s.replace(SPECIALS, (c: string) => ESCAPES[c] ?? '\uFFFD') : s);

function field(v: Value): string {
  if (v === null || v === undefined) return '\\N';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '\\N';
  if (typeof v === 'boolean') return v ? 't' : 'f';
  return escape(v);
}

/** `rows` as COPY text, each row's `keys` in order. */
export function copyText<T>(rows: readonly T[], keys: readonly (keyof T)[]): string {
  let out = '';
  for (const r of rows) {
    for (let i = 0; i < keys.length; i++) out += (i ? '\t' : '') + field(r[keys[i]!] as Value);
    out += '\n';
  }
  return out;
}
