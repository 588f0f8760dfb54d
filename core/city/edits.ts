// Editing what was saved: an announcement (a draft or a published one; a withdrawn one is
// history) and an asset (name, type, where it is). Stale copies are refused, saying who changed what.
import { z } from 'zod';
import { staleWrite } from '../audit/last-change.js';
import { audited } from '../audit/write.js';
import { AnnouncementInput, AssetType, areaBounds, type AnnouncementView, type AssetView } from '../contract/index.js';
import { DomainError } from '../errors.js';
import type { AuthedContext } from '../trpc.js';
import { announcementById, announcementView } from './announcements.js';
import { assetView, type AssetRow } from './assets.js';
import { own } from '../contract/errors/index.js';

export const UpdateAnnouncementInput = z.object({ id: z.string().uuid(), loadedAt: z.string(), announcement: AnnouncementInput });

export async function updateAnnouncement(ctx: AuthedContext, input: z.infer<typeof UpdateAnnouncementInput>): Promise<AnnouncementView> {
  const a = input.announcement;
  const b = areaBounds(a.area);
  const center = a.area.type === 'polygon' ? null : a.area.center;
  await audited(ctx, { resourceType: 'announcement', resourceId: input.id, siteId: a.siteId, lat: center?.lat ?? null, lon: center?.lon ?? null }, async (tx) => {
    const r = await announcementById(tx, ctx.clock.now(), input.id, true);
    if (r.site_id !== a.siteId) throw new DomainError('invalid', { code: 'city.announcementOtherSite' });
    if (r.updated_at.toISOString() !== new Date(input.loadedAt).toISOString()) throw await staleWrite(tx, 'announcement', r.id, 'The announcement', r.status);
    if (r.status === 'withdrawn') throw new DomainError('conflict', { code: 'city.announcementWasWithdrawn' });
    await tx.query(
      `UPDATE city.announcements SET title = $2, description = $3, type = $4, severity = $5, area_type = $6, center_lat = $7, center_lon = $8, radius_m = $9,
         polygon = $10, min_lat = $11, min_lon = $12, max_lat = $13, max_lon = $14, starts_at = $15, ends_at = $16, updated_at = $17 WHERE id = $1`,
      [r.id, a.title, a.description, a.type, a.severity, a.area.type, center?.lat ?? null, center?.lon ?? null, a.area.type === 'circle' ? a.area.radiusM : null,
        a.area.type === 'polygon' ? JSON.stringify(a.area.ring) : null, b.minLat, b.minLon, b.maxLat, b.maxLon, a.startsAt, a.endsAt ?? null, ctx.clock.now()]);
    const was = announcementView(r);
    return { result: null, oldValues: { title: was.title, description: was.description, type: was.type, severity: was.severity, area: was.area, startsAt: was.startsAt, endsAt: was.endsAt }, newValues: a };
  });
  return announcementView(await announcementById(ctx.db, ctx.clock.now(), input.id));
}

export const UpdateAssetInput = z.object({
  id: z.string().uuid(), loadedAt: z.string(), type: AssetType, name: z.string().trim().min(1, own('input.assetName')).max(200),
  lat: z.number().min(-90).max(90), lon: z.number().min(-180).max(180), metadata: z.record(z.string(), z.unknown()).optional(),
});

/** Renames, retypes or moves an asset ("locate on the map"). */
export async function updateAsset(ctx: AuthedContext, input: z.infer<typeof UpdateAssetInput>): Promise<AssetView> {
  const row = await audited(ctx, { resourceType: 'asset', resourceId: input.id, lat: input.lat, lon: input.lon }, async (tx) => {
    const [r] = await tx.query<AssetRow>('SELECT * FROM city.assets WHERE id = $1 AND deleted_at IS NULL FOR UPDATE', [input.id]);
    if (!r) throw new DomainError('not_found', { code: 'city.noSuchAsset' });
    if (r.updated_at.toISOString() !== new Date(input.loadedAt).toISOString()) throw await staleWrite(tx, 'asset', r.id, r.name, 'changed');
    const [after] = await tx.query<AssetRow>('UPDATE city.assets SET type = $2, name = $3, lat = $4, lon = $5, metadata = $6, updated_at = $7 WHERE id = $1 RETURNING *',
      [r.id, input.type, input.name, input.lat, input.lon, JSON.stringify(input.metadata ?? r.metadata), ctx.clock.now()]);
    return { result: after!, oldValues: { type: r.type, name: r.name, lat: r.lat, lon: r.lon }, newValues: { type: input.type, name: input.name, lat: input.lat, lon: input.lon } };
  });
  return assetView(row);
}
