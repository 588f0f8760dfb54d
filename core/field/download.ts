// Before going out: the laptop takes the central tickets assigned to the technician and those
// of the vehicle they will work on, with each one's site and vehicle, so that the work on
// them is done (and later pushed back) against the same ticket. A ticket already on the
// laptop is refreshed only if the laptop did not change it since it last had it; one changed
// here keeps the laptop's changes (the push then compares both sides).
import type { Queryable } from '../../db/index.js';
import { canMove, TICKET_TRANSITIONS } from '../contract/index.js';
import { noteBase } from './sync.js';
import type { TicketCopy } from './sync-records.js';

export interface DownloadReport { added: number; refreshed: number; keptLaptop: string[] }

async function localSite(tx: Queryable, s: TicketCopy['site']): Promise<string> {
  const [mine] = await tx.query<{ id: string }>('SELECT id FROM org.sites WHERE id = $1', [s.id]);
  if (mine) return mine.id;
  // The laptop may have made a site of its own under the same slug (a local site for the robot's map).
  const [taken] = await tx.query('SELECT 1 FROM org.sites WHERE slug = $1 AND deleted_at IS NULL', [s.slug]);
  const slug = taken ? `${s.slug.slice(0, 50)}-central` : s.slug;
  await tx.query('INSERT INTO org.sites (id, slug, name, time_zone, lat, lon) VALUES ($1, $2, $3, $4, $5, $6)', [s.id, slug, s.name, s.timeZone, s.lat, s.lon]);
  return s.id;
}

async function localVehicle(tx: Queryable, v: NonNullable<TicketCopy['vehicle']>): Promise<string> {
  const [c] = await tx.query<{ id: string }>(
    `INSERT INTO fleet.vehicles (manufacturer, serial_number, name) VALUES ($1, $2, $3)
     ON CONFLICT (manufacturer, serial_number) WHERE deleted_at IS NULL DO UPDATE SET manufacturer = EXCLUDED.manufacturer RETURNING id`,
    [v.manufacturer, v.serialNumber, v.name || `${v.manufacturer} ${v.serialNumber}`]);
  return c!.id;
}

const userByEmail = async (tx: Queryable, email: string | null) =>
  email ? (await tx.query<{ id: string }>('SELECT id FROM iam.users WHERE lower(email) = lower($1)', [email]))[0]?.id ?? null : null;

export async function takeTickets(tx: Queryable, copies: TicketCopy[], at: Date): Promise<DownloadReport> {
  const report: DownloadReport = { added: 0, refreshed: 0, keptLaptop: [] };
  for (const t of copies) {
    const [mine] = await tx.query<{ status: TicketCopy['status']; version: number; laptop_version: number | null; central_version: number | null }>(
      'SELECT t.status, t.version, b.laptop_version, b.central_version FROM ops.tickets t LEFT JOIN fleet.field_ticket_bases b ON b.ticket_id = t.id WHERE t.id = $1', [t.id]);
    const vehicle = t.vehicle ? await localVehicle(tx, t.vehicle) : null;
    if (!mine) {
      await tx.query(
        `INSERT INTO ops.tickets (id, site_id, kind, subject, description, status, priority, assignee_id, resolution_notes, vehicle_id, created_by, version)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
        [t.id, await localSite(tx, t.site), t.kind, t.subject, t.description, t.status, t.priority, await userByEmail(tx, t.assignee), t.resolutionNotes, vehicle,
          await userByEmail(tx, t.createdBy), t.version]);
      await noteBase(tx, t.id, t.version, t.version, at);
      report.added++;
      continue;
    }
    const changedHere = mine.laptop_version === null || mine.version !== mine.laptop_version;
    if (changedHere || (mine.status !== t.status && !canMove(TICKET_TRANSITIONS, mine.status, t.status))) {
      report.keptLaptop.push(t.subject);
      continue;
    }
    if (mine.central_version === t.version) continue;
    await tx.query(
      `UPDATE ops.tickets SET subject = $2, description = $3, status = $4, priority = $5, resolution_notes = $6, assignee_id = $7, version = $8 WHERE id = $1`,
      [t.id, t.subject, t.description, t.status, t.priority, t.resolutionNotes, await userByEmail(tx, t.assignee), t.version]);
    await noteBase(tx, t.id, t.version, t.version, at);
    report.refreshed++;
  }
  return report;
}
