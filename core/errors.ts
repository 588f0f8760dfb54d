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

/** The one place where errors become tRPC errors; anything unexpected is logged and hidden. */
export function toTrpcError(err: unknown, log: Logger): TRPCError {
  if (err instanceof TRPCError) return err;
  if (err instanceof DomainError) return new TRPCError({ code: codes[err.kind], message: err.message });
  if (err instanceof DbError) return new TRPCError({ code: 'SERVICE_UNAVAILABLE', message: err.message });
  log.error('unexpected error', { err });
  return new TRPCError({ code: 'INTERNAL_SERVER_ERROR', message: 'Internal error; see the console log.' });
}
