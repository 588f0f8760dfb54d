import { z } from 'zod';
import { procedure, router } from '../trpc.js';
import { listSites } from './sites.js';

export const orgRouter = router({
  sites: procedure.input(z.void()).query(({ ctx }) => listSites(ctx.db)),
});
