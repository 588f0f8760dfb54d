import { initTRPC } from '@trpc/server';
import type { Clock } from './clock.js';
import type { Config } from './config.js';
import type { Db } from '../db/index.js';
import { toTrpcError } from './errors.js';
import type { Logger } from './logger.js';
import type { Bus } from './bus.js';

/** What every procedure sees: the core's dependencies plus who is calling. */
export interface Context {
  db: Db;
  clock: Clock;
  log: Logger;
  config: Config;
  bus: Bus;
  /** Where the call came from: `ipc`, `ws` or `direct` (tests, CLI). */
  transport: 'ipc' | 'ws' | 'direct';
}

const t = initTRPC.context<Context>().create({ isServer: true });

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

/** Every procedure goes through here, so domain and database errors map in one place. */
export const procedure = t.procedure.use(async ({ ctx, next }) => {
  const result = await next();
  if (!result.ok) {
    const err = result.error;
    // tRPC wraps what a procedure throws as INTERNAL_SERVER_ERROR with the original as cause.
    throw err.code === 'INTERNAL_SERVER_ERROR' ? toTrpcError(err.cause ?? err, ctx.log) : err;
  }
  return result;
});
