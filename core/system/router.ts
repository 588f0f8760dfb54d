import { z } from 'zod';
import { BrokerSettingsInput, type SystemStatus } from '../contract/index.js';
import { access, publicAccess, router, type Context } from '../trpc.js';
import { brokerSettings, updateBrokerSettings } from './broker-settings.js';
import { VERSION } from '../version.js';
import { publicStatus, systemStatus } from './status.js';

/**
 * The whole status for a caller signed in when it asked (and still, at each later
 * event: the connection may sign out), the public part otherwise.
 */
const forCaller = (ctx: Pick<Context, 'user' | 'conn'>, s: SystemStatus) => (ctx.user && ctx.conn.token ? s : publicStatus(s));

export function systemRouter(startedAt: Date) {
  const status = (ctx: Context) => systemStatus(ctx.db, ctx.clock, startedAt, ctx.broker, ctx.fleet.writer.backlog);
  return router({
    health: publicAccess().input(z.void()).query(async ({ ctx }) => {
      const s = await status(ctx);
      return { ok: s.database.ok, checkedAt: s.checkedAt, error: s.database.error };
    }),
    version: publicAccess().input(z.void()).query(() => ({ version: VERSION })),
    status: publicAccess().input(z.void()).query(async ({ ctx }) => forCaller(ctx, await status(ctx))),
    brokerSettings: access('settings:manage').input(z.void()).query(({ ctx }) => brokerSettings(ctx)),
    updateBrokerSettings: access('settings:manage').input(BrokerSettingsInput).mutation(({ ctx, input }) => updateBrokerSettings(ctx, input)),
    /** The current status at once, then each change the core's status watcher publishes. */
    onStatus: publicAccess().input(z.void()).subscription(async function* ({ ctx, signal }) {
      const changes = ctx.bus.subscribe('system.status', signal);
      yield forCaller(ctx, await status(ctx));
      for await (const s of changes) yield forCaller(ctx, s);
    }),
  });
}
