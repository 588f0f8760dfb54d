// Personal data is a declared property of a schema: a field wrapped in `personal()` is
// never written to the audit log in clear (core/audit/redact.ts reads the keys declared
// here), whatever its name. Nested objects (a citizen's contact) are declared as a whole.
import { z } from 'zod';

const marked = z.registry<{ personal: true }>();
const keys = new Set<string>();

/** Marks a field of an object schema as personal data. */
export function personal<T extends z.ZodType>(schema: T): T {
  marked.add(schema, { personal: true });
  return schema;
}

/** True for a schema marked personal, through optional, nullable and default wrappers. */
export function isPersonal(schema: z.ZodType): boolean {
  let s: z.ZodType | undefined = schema;
  while (s) {
    if (marked.has(s)) return true;
    s = (s._zod.def as { innerType?: z.ZodType }).innerType;
  }
  return false;
}

const snake = (k: string) => k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** The keys of `schema` marked personal. */
export const personalKeys = (schema: z.ZodObject): string[] =>
  Object.entries(schema.shape).filter(([, s]) => isPersonal(s as z.ZodType)).map(([k]) => k);

/**
 * Declares an object schema's personal fields (as typed and as stored: firstName and
 * first_name) to the audit log's redaction, and returns the schema unchanged.
 */
export function withPersonal<T extends z.ZodObject>(schema: T): T {
  for (const k of personalKeys(schema)) keys.add(k).add(snake(k));
  return schema;
}

/** Every key declared personal by a schema loaded so far (all of them once contract/index is imported). */
export const declaredPersonalKeys = (): ReadonlySet<string> => keys;
