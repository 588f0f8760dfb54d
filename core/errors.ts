import { TRPCError } from '@trpc/server';
import { z, type ZodError } from 'zod';
import { DbError } from '../db/index.js';
import { englishWords, type ErrorCode, type Reason } from './contract/errors/index.js';
import type { ErrorParams } from './contract/words.js';
import type { Logger } from './logger.js';

export { inputIssues } from './contract/errors/index.js';

/** A refusal's words: a code with its parameters (core/contract/errors/en.ts), worded in the caller's language. */
export interface Words {
  code: ErrorCode;
  params?: ErrorParams;
}

/** Errors core raises on purpose; each maps to one tRPC code below. */
export class DomainError extends Error {
  /** The code and parameters behind the message; null for the few still worded in English only. */
  readonly words: Words | null;
  constructor(
    readonly kind: 'not_found' | 'conflict' | 'invalid' | 'forbidden' | 'unavailable' | 'throttled',
    message: string | Words,
    /** The input field the refusal is about: the client then shows it next to that field ("field: message", as for bad input). */
    readonly field?: string,
  ) {
    super(typeof message === 'string' ? message : englishWords(message.code, message.params));
    this.words = typeof message === 'string' ? null : message;
    this.name = 'DomainError';
  }
}

const reasons = new WeakMap<TRPCError, Reason>();
/** The code behind a tRPC error core raised, for the error formatter to send as `data.reason`. */
export const reasonOf = (err: TRPCError): Reason | null => reasons.get(err) ?? null;

/**
 * A tRPC error core raises itself (an access refusal, a subscription's end) with a code and
 * parameters: worded in English as its message, and sent as `data.reason` like a DomainError's.
 */
export function trpcRefusal(code: TRPCError['code'], words: Words): TRPCError {
  const out = new TRPCError({ code, message: englishWords(words.code, words.params) });
  reasons.set(out, { ...words });
  return out;
}

const codes = {
  not_found: 'NOT_FOUND',
  conflict: 'CONFLICT',
  invalid: 'BAD_REQUEST',
  forbidden: 'FORBIDDEN',
  unavailable: 'SERVICE_UNAVAILABLE',
  throttled: 'TOO_MANY_REQUESTS',
} as const;

/** A refusal about one field as zod itself reports bad input (an Error the error formatter words as "field: message"). */
function fieldIssue(field: string, message: string): ZodError {
  return z.any().superRefine((_, ctx) => ctx.addIssue({ code: 'custom', path: [field], message })).safeParse(null).error!;
}

/**
 * PostgreSQL's data exceptions (SQLSTATE class 22: a NUL byte in text, a malformed
 * id, a number out of range) mean the input was bad, not the console: a refusal
 * that says so, where they used to be an "Internal error".
 */
export function dataException(err: unknown): DomainError | null {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !/^22[0-9A-Z]{3}$/.test(code)) return null;
  const detail = String((err as Error).message ?? '').replace(/\0/g, '\\0').slice(0, 300);
  if (code === '22021' || code === '22P05') return new DomainError('invalid', { code: 'system.nulInText' });
  if (code === '22P02') return new DomainError('invalid', { code: 'system.valueKind', params: { detail } });
  return new DomainError('invalid', { code: 'system.valueRefused', params: { detail } });
}

/** The one place where errors become tRPC errors; anything unexpected is logged and hidden. */
export function toTrpcError(err: unknown, log: Logger): TRPCError {
  if (err instanceof TRPCError) return err;
  if (err instanceof DomainError) {
    const cause = err.field ? fieldIssue(err.field, err.message) : undefined;
    const out = new TRPCError({ code: codes[err.kind], message: err.message, ...(cause ? { cause } : {}) });
    if (err.words) reasons.set(out, { ...err.words, ...(err.field ? { field: err.field } : {}) });
    return out;
  }
  const data = dataException(err);
  if (data) return trpcRefusal('BAD_REQUEST', data.words!);
  if (err instanceof DbError) return new TRPCError({ code: 'SERVICE_UNAVAILABLE', message: err.message });
  log.error('unexpected error', { err });
  return trpcRefusal('INTERNAL_SERVER_ERROR', { code: 'generic.internal' });
}
