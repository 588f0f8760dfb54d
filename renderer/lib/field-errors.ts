// Core words every refusal about an input field as "field: sentence" (several joined by
// "; "). A form shows each sentence once, next to its field, and only what belongs to no
// field of the form at the bottom.

export interface Refusal {
  /** Sentence per field the form shows. */
  fields: Record<string, string>;
  /** What belongs to no field of the form, or null. */
  rest: string | null;
}

const sentence = (s: string) => (s ? s[0]!.toUpperCase() + s.slice(1) : s);

/** Splits a refusal by the form's fields (a field also takes its sub-fields: `backdated` takes `backdated.reason`). */
export function splitRefusal(text: string | null, fields: readonly string[]): Refusal {
  const out: Refusal = { fields: {}, rest: null };
  if (!text) return out;
  const rest: string[] = [];
  for (const part of text.split('; ')) {
    const m = /^([A-Za-z][\w.]*): ([\s\S]+)$/.exec(part);
    const field = m ? fields.find((f) => m[1] === f || m[1]!.startsWith(`${f}.`)) : undefined;
    if (m && field) out.fields[field] = out.fields[field] ? `${out.fields[field]} ${sentence(m[2]!)}` : sentence(m[2]!);
    else rest.push(part);
  }
  out.rest = rest.length ? rest.join('; ') : null;
  return out;
}
