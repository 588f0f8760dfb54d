// Placing a service request on the map: one that came with an address only (Open311
// allows that) gets its point, or a wrong point is corrected. Audited, old and new point.
import { audited } from '../audit/write.js';
import { PlaceRequestInput, type RequestView } from '../contract/index.js';
import { DomainError } from '../errors.js';
import type { AuthedContext } from '../trpc.js';
import { requestById, requestView } from './rows.js';

export async function placeRequest(ctx: AuthedContext, raw: PlaceRequestInput): Promise<RequestView> {
  const input = PlaceRequestInput.parse(raw);
  const [probe] = await ctx.db.query<{ site_id: string }>('SELECT site_id FROM city.service_requests WHERE id = $1', [input.id]);
  if (!probe) throw new DomainError('not_found', { code: 'city.noSuchRequest' });
  const target = { resourceType: 'service_request', resourceId: input.id, siteId: probe.site_id, lat: input.lat, lon: input.lon };
  await audited(ctx, target, async (tx) => {
    const r = await requestById(tx, input.id, true);
    if (!r) throw new DomainError('not_found', { code: 'city.noSuchRequest' });
    if (input.version !== undefined && input.version !== r.version) throw new DomainError('conflict', { code: 'city.requestChanged' });
    await tx.query('UPDATE city.service_requests SET lat = $2, lon = $3, version = version + 1 WHERE id = $1', [r.id, input.lat, input.lon]);
    return { result: r.id, oldValues: { lat: r.lat, lon: r.lon }, newValues: { lat: input.lat, lon: input.lon } };
  });
  return requestView((await requestById(ctx.db, input.id))!);
}
