import { TRPCClientError } from '@trpc/client';
import zodEnglish from 'zod/v4/locales/en.js';
import zodDutch from 'zod/v4/locales/nl.js';
import type { InputIssue, Reason } from '../../core/contract/errors/index.js';
import { locale, t, tDynamic, type Locale } from '../i18n/i18n.svelte.js';

/**
 * A sentence to show for a failed call. Core sends a refusal's code and parameters beside its
 * English words: the code is worded in the operator's language ("field: words" when it is about
 * a field, as the form splits it). Bad input sends its issues: zod's own words are given in the
 * operator's language, and so is a schema's own refusal that carries a code; a schema's own
 * message without one stays as it is. What has no code shows as core worded it.
 */
export function errorText(err: unknown): string {
  const message = (err instanceof Error ? err.message : String(err)) || t('common.failed');
  if (!(err instanceof TRPCClientError)) return message;
  const data = err.data as { reason?: Reason; issues?: InputIssue[] } | undefined;
  const reason = data?.reason ?? null;
  if (reason) {
    const words = tDynamic(`errors.${reason.code}`, message, reason.params);
    return words === message || !reason.field ? words : `${reason.field}: ${words}`;
  }
  const issues = data?.issues;
  if (!issues?.length || (!ZOD[locale()] && !issues.some((i) => i.reason))) return message;
  return issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${issueWords(i)}` : issueWords(i))).join('; ');
}

export function errorCode(err: unknown): string | null {
  return err instanceof TRPCClientError ? ((err.data as { code?: string } | undefined)?.code ?? null) : null;
}

type ZodWords = (issue: never) => unknown;
/** zod's words by locale (English is as core sends them). */
const ZOD: Partial<Record<Locale, ZodWords>> = { nl: zodDutch().localeError as ZodWords };
const english = zodEnglish().localeError as ZodWords;

/**
 * A value of the kind zod named as received (core sends the kind, never the value), for zod's
 * words to name it again.
 */
const SAMPLES: Record<string, unknown> = {
  undefined: undefined, null: null, string: '', number: 0, nan: Number.NaN, boolean: false, bigint: 0n,
  array: [], object: {}, date: new Date(0), map: new Map(), set: new Set(), function: () => {},
};

const asText = (words: unknown): string | null =>
  typeof words === 'string' ? words : typeof (words as { message?: unknown } | null)?.message === 'string' ? (words as { message: string }).message : null;

/** A schema's own refusal in the operator's language, from its code; its English message when the code has no words. */
export const ownWords = (reason: NonNullable<InputIssue['reason']>, message: string): string =>
  tDynamic(`errors.${reason.code}`, message, reason.params);

/** One issue in the operator's language: a coded refusal and zod's default words translated; a schema's own message as it is. */
function issueWords(i: InputIssue): string {
  if (i.reason) return ownWords(i.reason, i.message);
  const words = ZOD[locale()];
  if (!words) return i.message;
  if (i.code === 'invalid_type' && !(i.received && i.received in SAMPLES)) return i.message;
  const issue = { ...i, input: i.received ? SAMPLES[i.received] : undefined } as never;
  try {
    // Only zod's own default: a schema's message differs from what zod would say in English.
    if (asText(english(issue)) !== i.message) return i.message;
    return asText(words(issue)) ?? i.message;
  } catch {
    return i.message;
  }
}
