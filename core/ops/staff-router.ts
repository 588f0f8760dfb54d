import { z } from 'zod';
import { AgencyInput, ResourceEdit, UnitInput } from '../contract/index.js';
import { access, router } from '../trpc.js';
import { editResource, listStaff, saveAgency, saveUnit } from './staff.js';

/** Staff and responders (resources are created and put on or off duty in the ops router). */
export const staffRouter = router({
  list: access('incidents:read').input(z.object({ siteId: z.string().uuid() })).query(({ ctx, input }) => listStaff(ctx.db, input.siteId)),
  saveAgency: access('incidents:manage').input(AgencyInput).mutation(({ ctx, input }) => saveAgency(ctx, input)),
  saveUnit: access('incidents:manage').input(UnitInput).mutation(({ ctx, input }) => saveUnit(ctx, input)),
  editResource: access('incidents:manage').input(ResourceEdit).mutation(({ ctx, input }) => editResource(ctx, input)),
  /** Users a person resource can be linked to (active users of the console). */
  users: access('incidents:manage').input(z.void()).query(({ ctx }) =>
    ctx.db.query<{ id: string; email: string; display_name: string }>("SELECT id, email, display_name FROM iam.users WHERE deleted_at IS NULL AND status = 'active' ORDER BY email")
      .then((rows) => rows.map((u) => ({ id: u.id, email: u.email, name: u.display_name })))),
});
