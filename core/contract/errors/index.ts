// A refusal as a code with parameters, worded in English here and in the operator's
// language by the renderer (which reads the same catalogs).
import { fillIn, wordsAt, type ErrorParams, type Keys } from '../words.js';
import type { ZodError } from 'zod';
import en from './en.js';

export type ErrorCode = Keys<typeof en>;

/** What a refusal sends beside its English message (tRPC `data.reason`). */
export interface Reason {
  code: ErrorCode;
  params?: ErrorParams;
  /** The input field it is about, when it is about one. */
  field?: string;
}

/** The English words for a code. */
export const englishWords = (code: ErrorCode, params?: ErrorParams): string => fillIn(wordsAt(en, code) ?? code, params);

/**
 * A schema's own refusal, for a custom issue (`.refine(fn, coded(…))`, or spread into
 * `ctx.addIssue({ code: 'custom', path, ...coded(…) })`): its English words as the message, and
 * its code and parameters as the issue's `params`, which `inputIssues` sends on for the renderer
 * to word in the operator's language. (zod's own checks, `.min(3, …)`, carry no params: their
 * words are `own`.)
 */
export const coded = (code: ErrorCode, params?: ErrorParams): { message: string; params: { code: ErrorCode; params?: ErrorParams } } =>
  ({ message: englishWords(code, params), params: params ? { code, params } : { code } });

/** The code behind each schema's own words for one of zod's checks, by those words (see `own`). */
const OWN = new Map<string, { code: ErrorCode; params?: ErrorParams }>();

/**
 * A schema's own words for one of zod's checks (`.min(1, own('input.comment'))`, or
 * `{ message: own(…) }`): its English words, which zod keeps as the issue's message. zod's checks
 * carry no params, so the words are kept here with their code, and `inputIssues` sends the code
 * on for the renderer to word in the operator's language.
 */
export function own(code: ErrorCode, params?: ErrorParams): string {
  const words = englishWords(code, params);
  OWN.set(words, params ? { code, params } : { code });
  return words;
}

const isCode = (v: unknown): v is ErrorCode => typeof v === 'string' && wordsAt(en, v) !== null;
const isParams = (v: unknown): v is ErrorParams =>
  !!v && typeof v === 'object' && !Array.isArray(v) && Object.values(v).every((x) => typeof x === 'string' || typeof x === 'number');

/**
 * A bad-input issue as tRPC `data.issues` sends it beside the worded message: zod's code and the
 * parameters its words name (never the input value), for the renderer to word zod's own default
 * messages in the operator's language, and a schema's own refusal by its code (`reason`) when it has one.
 */
export interface InputIssue {
  path: (string | number)[];
  code: string;
  /** The words as core sent them (English: zod's default, or the schema's own). */
  message: string;
  expected?: string;
  /** invalid_type: the kind of value received ("number", "undefined"), not the value. */
  received?: string;
  origin?: string;
  minimum?: number | string;
  maximum?: number | string;
  inclusive?: boolean;
  exact?: boolean;
  format?: string;
  pattern?: string;
  prefix?: string;
  suffix?: string;
  includes?: string;
  divisor?: number | string;
  values?: (string | number | boolean | null)[];
  keys?: string[];
  /** A schema's own refusal (a custom issue made with `coded`): its code and parameters, for the renderer to word. */
  reason?: { code: ErrorCode; params?: ErrorParams };
}

const scalar = (v: unknown): number | string | undefined =>
  typeof v === 'number' || typeof v === 'string' ? v : typeof v === 'bigint' ? String(v) : undefined;
const text = (v: unknown): string | undefined => (typeof v === 'string' ? v : v instanceof RegExp ? String(v) : undefined);

/**
 * Bad input's issues as the error formatter sends them (\`data.issues\`): each issue's code, path,
 * message and the parameters zod's words name, never the input value (invalid_type's received
 * kind is read from zod's English words, which name it); a custom issue made with `coded`, and a
 * check worded with `own`, also its code and parameters, as `reason`.
 */
export function inputIssues(err: ZodError): InputIssue[] {
  return err.issues.map((i) => {
    const raw = i as unknown as Record<string, unknown>;
    const out: InputIssue = { path: i.path.map((p) => (typeof p === 'number' ? p : String(p))), code: i.code, message: i.message };
    const received = i.code === 'invalid_type' ? /, received (\w+)$/.exec(i.message)?.[1] : undefined;
    if (received) out.received = received;
    for (const k of ['expected', 'origin', 'format', 'prefix', 'suffix', 'includes'] as const) if (typeof raw[k] === 'string') out[k] = raw[k] as string;
    for (const k of ['minimum', 'maximum', 'divisor'] as const) if (scalar(raw[k]) !== undefined) out[k] = scalar(raw[k]);
    for (const k of ['inclusive', 'exact'] as const) if (typeof raw[k] === 'boolean') out[k] = raw[k] as boolean;
    if (text(raw.pattern)) out.pattern = text(raw.pattern);
    if (Array.isArray(raw.values)) {
      out.values = raw.values.map((v) => (v === null || ['string', 'number', 'boolean'].includes(typeof v) ? (v as string | number | boolean | null) : String(v)));
    }
    if (Array.isArray(raw.keys)) out.keys = raw.keys.map(String);
    const custom = i.code === 'custom' ? (raw.params as { code?: unknown; params?: unknown } | undefined) : undefined;
    if (custom && isCode(custom.code)) out.reason = isParams(custom.params) ? { code: custom.code, params: custom.params } : { code: custom.code };
    else if (OWN.has(i.message)) out.reason = OWN.get(i.message);
    return out;
  });
}
