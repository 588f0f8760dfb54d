// City assets (parks, vehicles, sensors, facilities): a map layer and what tickets point at.
import type { Queryable } from '../../db/index.js';
import { audited } from '../audit/write.js';
import { AssetInput, type AssetType, type AssetView } from '../contract/index.js';
import { DomainError } from '../errors.js';
import type { AuthedContext } from '../trpc.js';

export interface AssetRow { id: string; site_id: string; type: AssetType; name: string; lat: number; lon: number; vehicle_id: string | null; sensor_id: string | null; metadata: Record<string, unknown>; created_at: Date; updated_at: Date }

export const assetView = (r: AssetRow): AssetView => ({
  id: r.id, siteId: r.site_id, type: r.type, name: r.name, lat: r.lat, lon: r.lon, vehicleId: r.vehicle_id, sensorId: r.sensor_id,
  metadata: r.metadata, createdAt: r.created_at.toISOString(), updatedAt: r.updated_at.toISOString(),
});

export async function listAssets(db: Queryable, f: { siteId: string; types?: AssetType[] | undefined }): Promise<AssetView[]> {
  const rows = await db.query<AssetRow>(
    'SELECT * FROM city.assets WHERE site_id = $1 AND deleted_at IS NULL AND ($2::text[] IS NULL OR type = ANY($2)) ORDER BY type, name',
    [f.siteId, f.types?.length ? f.types : null]);
  return rows.map(assetView);
}

export async function createAsset(ctx: AuthedContext, raw: AssetInput): Promise<AssetView> {
  const a = AssetInput.parse(raw);
  const row = await audited(ctx, { resourceType: 'asset', siteId: a.siteId, lat: a.lat, lon: a.lon }, async (tx) => {
    if (a.vehicleId) {
      const [v] = await tx.query<{ site_id: string | null }>('SELECT site_id FROM fleet.vehicles WHERE id = $1 AND deleted_at IS NULL', [a.vehicleId]);
      if (!v || (v.site_id && v.site_id !== a.siteId)) throw new DomainError('invalid', { code: 'city.vehicleOfOtherSite' });
    }
    if (a.sensorId) {
      const [s] = await tx.query('SELECT 1 FROM fleet.sensors WHERE id = $1 AND site_id = $2 AND deleted_at IS NULL', [a.sensorId, a.siteId]);
      if (!s) throw new DomainError('invalid', { code: 'city.sensorOfOtherSite' });
    }
    const [r] = await tx.query<AssetRow>(
      `INSERT INTO city.assets (site_id, type, name, lat, lon, vehicle_id, sensor_id, metadata, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING *`,
      [a.siteId, a.type, a.name, a.lat, a.lon, a.vehicleId ?? null, a.sensorId ?? null, JSON.stringify(a.metadata), ctx.clock.now()]);
    return { result: r!, resourceId: r!.id, newValues: a };
  });
  return assetView(row);
}
