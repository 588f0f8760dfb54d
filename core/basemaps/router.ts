import { z } from 'zod';
import { audited, record } from '../audit/write.js';
import { BasemapImportBegin, BasemapImportChunk, BasemapImportFinish, BasemapSiteDefault, type BasemapList, type BasemapPack } from '../contract/index.js';
import { TilePackError } from '../../db/index.js';
import { DomainError } from '../errors.js';
import { access, router, type Context } from '../trpc.js';
import { basemapsFor } from './packs.js';

const packsOf = (ctx: Pick<Context, 'config'>) => basemapsFor(ctx.config.dataDir);
/** What the audit log keeps of a pack: what it is, not where it lies. */
const summary = (p: BasemapPack) => ({ name: p.name, format: p.format, kind: p.kind, tileType: p.tileType, bytes: p.bytes, fileName: p.fileName });

/**
 * Offline basemaps: map packs imported into this console's data folder (MBTiles or PMTiles),
 * served by the host under /basemaps/. Importing, removing and choosing a site's basemap need
 * settings:manage (administrators); a file that is not a usable pack is refused, audited as failed,
 * and leaves nothing behind.
 */
export const basemapsRouter = router({
  list: access('authenticated').input(z.void()).query(({ ctx }): BasemapList => {
    const packs = packsOf(ctx);
    return { packs: packs.list(), siteDefaults: packs.siteDefaults() };
  }),
  importBegin: access('settings:manage').input(BasemapImportBegin).mutation(({ ctx, input }) => packsOf(ctx).begin(ctx.user.id, input.fileName, input.bytes)),
  importChunk: access('settings:manage').input(BasemapImportChunk).mutation(({ ctx, input }) =>
    packsOf(ctx).chunk(ctx.user.id, input.uploadId, input.offset, Buffer.from(input.data, 'base64'))),
  importCancel: access('settings:manage').input(z.object({ uploadId: z.string().uuid() })).mutation(({ ctx, input }) => packsOf(ctx).cancel(ctx.user.id, input.uploadId)),
  /** Checks the uploaded file and, if it is a usable pack, adds it. */
  importFinish: access('settings:manage').input(BasemapImportFinish).mutation(async ({ ctx, input }) => {
    const packs = packsOf(ctx);
    const target = { resourceType: 'basemap', action: 'basemaps.import' };
    let candidate;
    try {
      candidate = await packs.check(ctx.user.id, input.uploadId, input.name, ctx.user.email);
    } catch (err) {
      if (!(err instanceof TilePackError)) throw err;
      const refusal = new DomainError('invalid', { code: 'basemaps.packRefused', params: { reason: err.message } });
      await record(ctx, target, 'failed', { reason: refusal.message });
      throw refusal;
    }
    let added: BasemapPack | null = null;
    try {
      return await audited(ctx, target, async () => {
        added = await packs.commit(candidate);
        return { result: added, resourceId: added.id, newValues: summary(added) };
      });
    } catch (err) {
      // The audit entry could not be written: the pack goes too (or the checked upload, if the
      // transaction never began), so nothing is added unaudited and nothing is left half-imported.
      if (added) await packs.remove((added as BasemapPack).id).catch(() => {});
      else await packs.cancel(ctx.user.id, input.uploadId).catch(() => {});
      throw err;
    }
  }),
  remove: access('settings:manage').input(z.object({ id: z.string().uuid() })).mutation(({ ctx, input }) =>
    audited(ctx, { resourceType: 'basemap', resourceId: input.id }, async () => {
      const pack = await packsOf(ctx).remove(input.id);
      return { result: null, oldValues: summary(pack) };
    })),
  /** The basemap a site's map opens with, unless a user chose another on this machine. */
  setSiteDefault: access('settings:manage').input(BasemapSiteDefault).mutation(({ ctx, input }) =>
    audited(ctx, { resourceType: 'site', resourceId: input.siteId, siteId: input.siteId }, async (tx) => {
      const site = await tx.query('SELECT 1 FROM org.sites WHERE id = $1 AND deleted_at IS NULL', [input.siteId]);
      if (!site.length) throw new DomainError('not_found', { code: 'basemaps.noSuchSite' });
      const before = await packsOf(ctx).setSiteDefault(input.siteId, input.basemap);
      return { result: null, oldValues: { basemap: before }, newValues: { basemap: input.basemap } };
    })),
});
