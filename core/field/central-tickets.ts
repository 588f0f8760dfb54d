// The central side of a laptop's download before it goes out: the open tickets assigned to
// the technician signed in, and those of the vehicles they will work on. Audited as taken.
import { record } from '../audit/write.js';
import type { AuthedContext } from '../trpc.js';
import type { TicketCopy, VehicleRef } from './sync-records.js';

export async function ticketsToTake(ctx: AuthedContext, source: string, vehicles: Array<Omit<VehicleRef, 'name'>>): Promise<TicketCopy[]> {
  const rows = await ctx.db.query<{
    id: string; subject: string; description: string; status: TicketCopy['status']; priority: TicketCopy['priority']; kind: TicketCopy['kind']; resolution_notes: string | null; version: number;
    manufacturer: string | null; serial_number: string | null; vehicle_name: string | null; assignee: string | null; created_by: string | null;
    site_id: string; slug: string; site_name: string; time_zone: string; lat: number; lon: number;
  }>(
    `SELECT t.id, t.subject, t.description, t.status, t.priority, t.kind, t.resolution_notes, t.version,
            v.manufacturer, v.serial_number, v.name AS vehicle_name, a.email AS assignee, c.email AS created_by,
            s.id AS site_id, s.slug, s.name AS site_name, s.time_zone, s.lat, s.lon
       FROM ops.tickets t JOIN org.sites s ON s.id = t.site_id
       LEFT JOIN fleet.vehicles v ON v.id = t.vehicle_id LEFT JOIN iam.users a ON a.id = t.assignee_id LEFT JOIN iam.users c ON c.id = t.created_by
      WHERE t.deleted_at IS NULL AND t.status IN ('open', 'in_progress')
        AND (t.assignee_id = $1 OR (v.manufacturer, v.serial_number) IN (SELECT m, s FROM unnest($2::text[], $3::text[]) AS x(m, s)))
      ORDER BY t.created_at, t.id LIMIT 500`,
    [ctx.user.id, vehicles.map((v) => v.manufacturer), vehicles.map((v) => v.serialNumber)]);
  const copies = rows.map((r): TicketCopy => ({
    id: r.id, subject: r.subject, description: r.description, status: r.status, priority: r.priority, kind: r.kind, resolutionNotes: r.resolution_notes, version: r.version,
    vehicle: r.manufacturer ? { manufacturer: r.manufacturer, serialNumber: r.serial_number!, name: r.vehicle_name ?? '' } : null,
    assignee: r.assignee, createdBy: r.created_by,
    site: { id: r.site_id, slug: r.slug, name: r.site_name, timeZone: r.time_zone, lat: r.lat, lon: r.lon },
  }));
  await record(ctx, { resourceType: 'field_source', resourceId: source, action: 'field.download' }, 'success', {
    newValues: { source, vehicles, tickets: copies.map((t) => ({ id: t.id, version: t.version })) },
  });
  return copies;
}
