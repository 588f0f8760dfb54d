import { z } from 'zod';
import { GraphNode, MapIdText, Placement, SiteInput, StagedBegin, StagedChunk, StagedId } from '../contract/index.js';
import { audited } from '../audit/write.js';
import { changesOf } from '../changes/kinds.js';
import { DomainError } from '../errors.js';
import { access, router } from '../trpc.js';
import { allowedSites } from './site-access.js';
import { chooseSite, chosenSite } from './site-choice.js';
import { createSite, deleteSite, updateSite } from './site-edit.js';
import { exportSite, importSite } from './site-file.js';
import { mapGraph, saveGraph } from './site-graph.js';
import { createMap, placePlan, planImage, renameMap, uploadPlan } from './site-maps.js';
import { listSites } from './sites.js';
import { staged } from './staged.js';
import { setupProgress } from './setup.js';
import { own } from '../contract/errors/index.js';

const id = z.string().uuid();
/** Base64 of a plan image up to 20 MB (through the browser's connection, at most 1 MiB a message: larger ones are staged). */
const PlanData = z.string().min(8).max(28_000_000);
/** A file given whole (`data`, `text`), or staged in pieces first (`staged`: its id). */
const planFile = z.union([z.object({ data: PlanData }), z.object({ staged: StagedId })]);
const siteFile = z.union([z.object({ text: z.string().min(1).max(60_000_000) }), z.object({ staged: StagedId })]);

export const orgRouter = router({
  /** The sites this user may see (all, unless limited to some). */
  sites: access('org:read').input(z.void()).query(async ({ ctx }) => listSites(ctx.db, ctx.sites ?? null)),
  /** Says when a site or its maps changed, here or on another console; the console reads its sites again. */
  onChanged: access('org:read').input(z.void()).subscription(({ ctx, signal }) => changesOf(ctx.bus, ['site'], signal, ctx.sites)),
  createSite: access('org:manage').input(SiteInput).mutation(({ ctx, input }) => createSite(ctx, input)),
  updateSite: access('org:manage')
    .input(SiteInput.partial().extend({ siteId: id }))
    .mutation(({ ctx, input }) => updateSite(ctx, input)),
  /** The site and its maps leave every list (refused while it has open work or live vehicles); its records stay. */
  deleteSite: access('org:manage').input(z.object({ siteId: id, reason: z.string().trim().min(3, own('input.reason')).max(500) }))
    .mutation(({ ctx, input }) => deleteSite(ctx, input)),
  /** The site the top bar opens on: the user's last choice. */
  chosenSite: access('org:read').input(z.void()).query(({ ctx }) => chosenSite(ctx)),
  chooseSite: access('org:read').input(z.object({ siteId: id })).mutation(({ ctx, input }) => chooseSite(ctx, input.siteId)),

  createMap: access('org:manage').input(z.object({ siteId: id, mapId: MapIdText, name: z.string().trim().min(1).max(200) })).mutation(({ ctx, input }) => createMap(ctx, input)),
  renameMap: access('org:manage').input(z.object({ siteMapId: id, name: z.string().trim().min(1).max(200) })).mutation(({ ctx, input }) => renameMap(ctx, input)),
  /** A plan image or site file too large for one message, sent in pieces of at most 512 KiB; then named by `staged`. */
  stageBegin: access('org:manage').input(StagedBegin).mutation(({ ctx, input }) => staged.begin(ctx.user.id, input.bytes)),
  stageChunk: access('org:manage').input(StagedChunk).mutation(({ ctx, input }) => staged.chunk(ctx.user.id, input.id, input.offset, Buffer.from(input.data, 'base64'))),
  stageCancel: access('org:manage').input(z.object({ id: StagedId })).mutation(({ ctx, input }) => staged.cancel(ctx.user.id, input.id)),
  uploadPlan: access('org:manage').input(z.object({ siteMapId: id }).and(planFile)).mutation(({ ctx, input }) =>
    uploadPlan(ctx, input.siteMapId, 'staged' in input ? staged.take(ctx.user.id, input.staged) : Buffer.from(input.data, 'base64'))),
  planImage: access('org:read').input(z.object({ siteMapId: id })).query(({ ctx, input }) => planImage(ctx, input.siteMapId)),
  placePlan: access('org:manage').input(z.object({ siteMapId: id, placement: Placement })).mutation(({ ctx, input }) => placePlan(ctx, input)),
  graph: access('org:read').input(z.object({ siteMapId: id })).query(({ ctx, input }) => mapGraph(ctx, input.siteMapId)),
  saveGraph: access('org:manage')
    .input(z.object({ siteMapId: id, nodes: z.array(GraphNode.extend({ id: z.string().trim().min(1).max(200), name: z.string().trim().max(200).optional() })).max(10_000), edges: z.array(z.tuple([z.string(), z.string()])).max(50_000) }))
    .mutation(({ ctx, input }) => saveGraph(ctx, input)),
  exportSite: access('org:manage').input(z.object({ siteId: id })).query(({ ctx, input }) => exportSite(ctx, input.siteId)),
  /** A site file's text: a new site with its maps, plans and graphs, or nothing and the reason. */
  importSite: access('org:manage').input(siteFile).mutation(({ ctx, input }) =>
    importSite(ctx, 'staged' in input ? staged.take(ctx.user.id, input.staged).toString('utf8') : input.text)),

  setup: access('org:read').input(z.object({ siteId: id.nullable() })).query(({ ctx, input }) => setupProgress(ctx, input.siteId)),

  /** The sites a user is limited to (empty: every site). */
  userSites: access('iam:read').input(z.object({ userId: id })).query(async ({ ctx, input }) => [...((await allowedSites(ctx.db, input.userId)) ?? [])]),
  setUserSites: access('iam:manage').input(z.object({ userId: id, siteIds: z.array(id).max(1000) })).mutation(({ ctx, input }) =>
    audited(ctx, { resourceType: 'user', resourceId: input.userId }, async (tx) => {
      const before = (await tx.query<{ site_id: string }>('SELECT site_id FROM iam.user_sites WHERE user_id = $1 ORDER BY 1', [input.userId])).map((r) => r.site_id);
      const known = await tx.query<{ id: string }>('SELECT id FROM org.sites WHERE id = ANY($1::uuid[]) AND deleted_at IS NULL', [input.siteIds]);
      if (known.length !== new Set(input.siteIds).size) throw new DomainError('invalid', { code: 'org.noSuchSites' }, 'siteIds');
      await tx.query('DELETE FROM iam.user_sites WHERE user_id = $1', [input.userId]);
      await tx.query('INSERT INTO iam.user_sites (user_id, site_id) SELECT $1, unnest($2::uuid[])', [input.userId, [...new Set(input.siteIds)]]);
      return { result: null, oldValues: { sites: before }, newValues: { sites: [...new Set(input.siteIds)].sort() } };
    })),
});
