import { z } from 'zod';
import { PresenceInput } from '../contract/presence.js';
import { access, router } from '../trpc.js';
import { listPresence, reportPresence } from './presence.js';

/** People see each other: who is signed in, in which role, with which view or case open. */
export const presenceRouter = router({
  /** What this session has open; the console reports it on every change and every 20 s. */
  report: access('authenticated').input(PresenceInput).mutation(async ({ ctx, input }) => {
    const p = PresenceInput.parse(input);
    await reportPresence(ctx.db, { sessionId: ctx.user.sessionId, userId: ctx.user.id }, p);
  }),
  list: access('authenticated').input(z.void()).query(({ ctx }) => listPresence(ctx.db, ctx.user.sessionId)),
  /** Says when someone's view, case or editing changed, or a duty changed hands; the list is read again. */
  onChanged: access('authenticated').input(z.void()).subscription(async function* ({ ctx, signal }) {
    const changes = ctx.bus.subscribe('change', signal);
    yield { changed: false };
    for await (const c of changes) if (c.kind === 'presence' || c.kind === 'duty') yield { changed: true };
  }),
});
