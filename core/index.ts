import type { Db } from '../db/index.js';
import { Bus } from './bus.js';
import type { Clock } from './clock.js';
import type { Config } from './config.js';
import type { Logger } from './logger.js';
import { appRouter } from './router.js';
import { createCallerFactory, type Context } from './trpc.js';

export interface CoreDeps {
  db: Db;
  clock: Clock;
  logger: Logger;
  config: Config;
}

/** Core as a function of its dependencies: no Electron, no DOM, no globals. */
export function createCore({ db, clock, logger, config }: CoreDeps) {
  const bus = new Bus();
  const router = appRouter(clock.now());
  const log = logger.child('core');
  const context = (transport: Context['transport']): Context => ({ db, clock, log, config, bus, transport });
  const callerFactory = createCallerFactory(router);
  return {
    router,
    bus,
    /** The context for one connection or call. */
    context,
    /** A typed caller for tests and CLIs; `signal` ends its subscriptions. */
    caller: (transport: Context['transport'] = 'direct', signal?: AbortSignal) => callerFactory(context(transport), { signal }),
    async start() {
      log.info('core started', { db: db.mode });
    },
    async stop() {
      log.info('core stopping');
    },
  };
}
export type Core = ReturnType<typeof createCore>;

export type { AppRouter } from './router.js';
export type { Context } from './trpc.js';
export { loadConfig, defaultDataDir, type Config } from './config.js';
export { createLogger, type Logger } from './logger.js';
export { systemClock, type Clock } from './clock.js';
