import { z } from 'zod';
import { BrokerSettingsInput } from '../contract/index.js';
import { access, publicAccess, router } from '../trpc.js';
import { brokerSettings, updateBrokerSettings } from './broker-settings.js';
import { VERSION } from '../version.js';
import { systemStatus } from './status.js';

export function systemRouter(startedAt: Date) {
  return router({
    health: publicAccess().input(z.void()).query(async ({ ctx }) => {
      const s = await systemStatus(ctx.db, ctx.clock, startedAt, ctx.broker);
      return { ok: s.database.ok, checkedAt: s.checkedAt, error: s.database.error };
    }),
    version: publicAccess().input(z.void()).query(() => ({ version: VERSION })),
    status: publicAccess().input(z.void()).query(({ ctx }) => systemStatus(ctx.db, ctx.clock, startedAt, ctx.broker)),
    brokerSettings: access('settings:manage').input(z.void()).query(({ ctx }) => brokerSettings(ctx)),
    updateBrokerSettings: access('settings:manage').input(BrokerSettingsInput).mutation(({ ctx, input }) => updateBrokerSettings(ctx, input)),
    /** The current status at once, then each change the core's status watcher publishes. */
    onStatus: publicAccess().input(z.void()).subscription(async function* ({ ctx, signal }) {
      const changes = ctx.bus.subscribe('system.status', signal);
      yield await systemStatus(ctx.db, ctx.clock, startedAt, ctx.broker);
      yield* changes;
    }),
  });
}
