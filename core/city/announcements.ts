// Announcements drawn on the map (a point, a circle or a polygon): drafted, published,
// withdrawn with a reason. Active = published and now between start and end.
import type { Queryable } from '../../db/index.js';
import { audited } from '../audit/write.js';
import { AnnouncementInput, areaBounds, type AnnouncementStatus, type AnnouncementView, type Area } from '../contract/index.js';
import { DomainError } from '../errors.js';
import type { AuthedContext } from '../trpc.js';
import { mustSee, sitesParam } from '../org/site-access.js';

export interface Row {
  id: string; site_id: string; title: string; description: string; type: AnnouncementView['type']; severity: AnnouncementView['severity'];
  area_type: Area['type']; center_lat: number | null; center_lon: number | null; radius_m: number | null; polygon: [number, number][] | null;
  min_lat: number; min_lon: number; max_lat: number; max_lon: number; starts_at: Date; ends_at: Date | null; status: AnnouncementStatus;
  published_at: Date | null; withdrawn_at: Date | null; withdraw_reason: string | null; created_at: Date; updated_at: Date; active: boolean;
}

function areaOf(r: Row): Area {
  if (r.area_type === 'polygon') return { type: 'polygon', ring: r.polygon! };
  const center = { lat: r.center_lat!, lon: r.center_lon! };
  return r.area_type === 'circle' ? { type: 'circle', center, radiusM: r.radius_m! } : { type: 'point', center };
}

export const announcementView = (r: Row): AnnouncementView => ({
  id: r.id, siteId: r.site_id, title: r.title, description: r.description, type: r.type, severity: r.severity, area: areaOf(r),
  bounds: { minLat: r.min_lat, minLon: r.min_lon, maxLat: r.max_lat, maxLon: r.max_lon }, startsAt: r.starts_at.toISOString(),
  endsAt: r.ends_at?.toISOString() ?? null, status: r.status, publishedAt: r.published_at?.toISOString() ?? null,
  withdrawnAt: r.withdrawn_at?.toISOString() ?? null, withdrawReason: r.withdraw_reason, active: r.active, createdAt: r.created_at.toISOString(),
  updatedAt: r.updated_at.toISOString(),
});

const SELECT = `SELECT *, (status = 'published' AND starts_at <= $1 AND (ends_at IS NULL OR ends_at > $1)) AS active FROM city.announcements`;

export async function listAnnouncements(db: Queryable, now: Date, f: { siteId?: string | undefined; sites?: string[] | null; statuses?: AnnouncementStatus[] | undefined; activeOnly: boolean }): Promise<AnnouncementView[]> {
  const rows = await db.query<Row>(
    `${SELECT} WHERE deleted_at IS NULL AND ($2::uuid[] IS NULL OR site_id = ANY($2)) AND ($3::text[] IS NULL OR status = ANY($3))
       AND (NOT $4 OR (status = 'published' AND starts_at <= $1 AND (ends_at IS NULL OR ends_at > $1)))
     ORDER BY starts_at DESC, id DESC LIMIT 500`,
    [now, sitesParam(f), f.statuses?.length ? f.statuses : null, f.activeOnly]);
  return rows.map(announcementView);
}

export async function announcementById(db: Queryable, now: Date, id: string, lock = false): Promise<Row> {
  const [r] = await db.query<Row>(`${SELECT} WHERE id = $2 AND deleted_at IS NULL${lock ? ' FOR UPDATE' : ''}`, [now, id]);
  if (!r) throw new DomainError('not_found', { code: 'city.noSuchAnnouncement' });
  return r;
}

export async function createAnnouncement(ctx: AuthedContext, raw: AnnouncementInput): Promise<AnnouncementView> {
  const a = AnnouncementInput.parse(raw);
  const b = areaBounds(a.area);
  const center = a.area.type === 'polygon' ? null : a.area.center;
  const id = await audited(ctx, { resourceType: 'announcement', siteId: a.siteId, lat: center?.lat ?? null, lon: center?.lon ?? null }, async (tx) => {
    const [r] = await tx.query<{ id: string }>(
      `INSERT INTO city.announcements (site_id, title, description, type, severity, area_type, center_lat, center_lon, radius_m, polygon,
         min_lat, min_lon, max_lat, max_lon, starts_at, ends_at, created_by, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $18) RETURNING id`,
      [a.siteId, a.title, a.description, a.type, a.severity, a.area.type, center?.lat ?? null, center?.lon ?? null,
        a.area.type === 'circle' ? a.area.radiusM : null, a.area.type === 'polygon' ? JSON.stringify(a.area.ring) : null,
        b.minLat, b.minLon, b.maxLat, b.maxLon, a.startsAt, a.endsAt ?? null, ctx.user.id, ctx.clock.now()]);
    return { result: r!.id, resourceId: r!.id, newValues: a };
  });
  return announcementView(await announcementById(ctx.db, ctx.clock.now(), id));
}

export async function publishAnnouncement(ctx: AuthedContext, id: string): Promise<AnnouncementView> {
  const now = ctx.clock.now();
  await audited(ctx, { resourceType: 'announcement', resourceId: id }, async (tx) => {
    const r = mustSee(ctx, await announcementById(tx, now, id, true), 'announcement');
    if (r.status !== 'draft') throw new DomainError('conflict', { code: 'city.announcementNotDraft', params: { status: r.status } });
    if (r.ends_at && r.ends_at <= now) throw new DomainError('invalid', { code: 'city.announcementEnded', params: { endsAt: r.ends_at.toISOString() } });
    await tx.query("UPDATE city.announcements SET status = 'published', published_at = $2 WHERE id = $1", [id, now]);
    return { result: null, oldValues: { status: r.status }, newValues: { status: 'published' } };
  });
  return announcementView(await announcementById(ctx.db, ctx.clock.now(), id));
}

export async function withdrawAnnouncement(ctx: AuthedContext, input: { id: string; reason: string }): Promise<AnnouncementView> {
  const now = ctx.clock.now();
  await audited(ctx, { resourceType: 'announcement', resourceId: input.id }, async (tx) => {
    const r = mustSee(ctx, await announcementById(tx, now, input.id, true), 'announcement');
    if (r.status === 'withdrawn') throw new DomainError('conflict', { code: 'city.announcementWithdrawn', params: { reason: String(r.withdraw_reason) } });
    await tx.query("UPDATE city.announcements SET status = 'withdrawn', withdrawn_at = $2, withdraw_reason = $3 WHERE id = $1", [input.id, now, input.reason]);
    return { result: null, oldValues: { status: r.status }, newValues: { status: 'withdrawn', reason: input.reason } };
  });
  return announcementView(await announcementById(ctx.db, ctx.clock.now(), input.id));
}
