import { TRPCError } from '@trpc/server';
import { DbError } from '../db/index.js';
import type { Logger } from './logger.js';

/** Errors core raises on purpose; each maps to one tRPC code below. */
export class DomainError extends Error {
  constructor(
    readonly kind: 'not_found' | 'conflict' | 'invalid' | 'forbidden' | 'unavailable' | 'throttled',
    message: string,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

const codes = {
  not_found: 'NOT_FOUND',
  conflict: 'CONFLICT',
  invalid: 'BAD_REQUEST',
  forbidden: 'FORBIDDEN',
  unavailable: 'SERVICE_UNAVAILABLE',
  throttled: 'TOO_MANY_REQUESTS',
} as const;

/**
 * PostgreSQL's data exceptions (SQLSTATE class 22: a NUL byte in text, a malformed
 * id, a number out of range) mean the input was bad, not the console: a refusal
 * that says so, where they used to be an "Internal error".
 */
export function dataException(err: unknown): DomainError | null {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !/^22[0-9A-Z]{3}$/.test(code)) return null;
  const detail = String((err as Error).message ?? '').replace(/\0/g, '\\0').slice(0, 300);
  if (code === '22021' || code === '22P05') return new DomainError('invalid', 'Text may not contain NUL (\\0) characters.');
  if (code === '22P02') return new DomainError('invalid', `A value is not of the kind expected (${detail}); an id must be a UUID.`);
  return new DomainError('invalid', `The database refused a value: ${detail}.`);
}

/** The one place where errors become tRPC errors; anything unexpected is logged and hidden. */
export function toTrpcError(err: unknown, log: Logger): TRPCError {
  if (err instanceof TRPCError) return err;
  if (err instanceof DomainError) return new TRPCError({ code: codes[err.kind], message: err.message });
  const data = dataException(err);
  if (data) return new TRPCError({ code: 'BAD_REQUEST', message: data.message });
  if (err instanceof DbError) return new TRPCError({ code: 'SERVICE_UNAVAILABLE', message: err.message });
  log.error('unexpected error', { err });
  return new TRPCError({ code: 'INTERNAL_SERVER_ERROR', message: 'Internal error; see the console log.' });
}
