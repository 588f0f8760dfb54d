import { z } from 'zod';
import { access, router } from '../trpc.js';
import { listSites } from './sites.js';
import { updateSite } from './update-site.js';

export const orgRouter = router({
  sites: access('org:read').input(z.void()).query(({ ctx }) => listSites(ctx.db)),
  updateSite: access('org:manage')
    .input(z.object({ siteId: z.string().uuid(), name: z.string().trim().min(1).max(200).optional(), timeZone: z.string().max(64).optional() }))
    .mutation(({ ctx, input }) => updateSite(ctx, input)),
});
