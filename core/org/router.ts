import { z } from 'zod';
import { access, router } from '../trpc.js';
import { listSites } from './sites.js';

export const orgRouter = router({
  sites: access('org:read').input(z.void()).query(({ ctx }) => listSites(ctx.db)),
});
