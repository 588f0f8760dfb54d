// The maintenance log of a vehicle: work done, parts, notes, photos and the ticket it answers.
import type { Queryable } from '../../db/index.js';
import { audited } from '../audit/write.js';
import { PHOTO_MAX_BYTES, type VehicleLogInput, type VehicleLogs, type VehicleLogView } from '../contract/index.js';
import { DomainError } from '../errors.js';
import type { AuthedContext } from '../trpc.js';

/** The bytes a photo says it is: its first bytes must match its type, so a renamed file is refused. */
function photoBytes(p: { fileName: string; mimeType: string; dataBase64: string }): Buffer {
  const bytes = Buffer.from(p.dataBase64, 'base64');
  const magic: Record<string, (b: Buffer) => boolean> = {
    'image/jpeg': (b) => b[0] === 0xff && b[1] === 0xd8,
    'image/png': (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
    'image/webp': (b) => b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP',
  };
  if (bytes.length === 0 || bytes.length > PHOTO_MAX_BYTES) throw new DomainError('invalid', { code: 'field.photoTooLarge', params: { fileName: p.fileName } }, 'photos');
  if (!magic[p.mimeType]!(bytes)) throw new DomainError('invalid', { code: 'field.photoWrongType', params: { fileName: p.fileName, type: p.mimeType.slice(6).toUpperCase() } }, 'photos');
  return bytes;
}

export async function addLog(ctx: AuthedContext, input: Required<Pick<VehicleLogInput, 'vehicleId' | 'workDone'>> & VehicleLogInput): Promise<VehicleLogView> {
  const v = ctx.fleet.vehicles.get(input.vehicleId);
  if (!v) throw new DomainError('not_found', { code: 'fleet.noSuchVehicle' });
  const photos = (input.photos ?? []).map((p) => ({ ...p, bytes: photoBytes(p) }));
  const id = await audited(ctx, { resourceType: 'vehicle', resourceId: v.id, lat: v.lat, lon: v.lon }, async (tx) => {
    if (input.ticketId) {
      const [t] = await tx.query<{ vehicle_id: string | null }>('SELECT vehicle_id FROM ops.tickets WHERE id = $1 AND deleted_at IS NULL', [input.ticketId]);
      if (!t) throw new DomainError('not_found', { code: 'tickets.noSuchTicket' }, 'ticketId');
      if (t.vehicle_id && t.vehicle_id !== v.id) throw new DomainError('invalid', { code: 'field.ticketOtherVehicle' }, 'ticketId');
    }
    const [row] = await tx.query<{ id: string }>(
      `INSERT INTO fleet.vehicle_logs (vehicle_id, ticket_id, work_done, parts, notes, author_id, logged_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
      [v.id, input.ticketId ?? null, input.workDone, JSON.stringify(input.parts ?? []), input.notes || null, ctx.user.id, ctx.clock.now().toISOString()]);
    for (const p of photos) {
      await tx.query('INSERT INTO fleet.vehicle_log_photos (log_id, file_name, mime_type, bytes) VALUES ($1, $2, $3, $4)', [row!.id, p.fileName, p.mimeType, p.bytes]);
    }
    return {
      result: row!.id, resourceId: v.id,
      newValues: { logId: row!.id, workDone: input.workDone, parts: input.parts ?? [], ticketId: input.ticketId ?? null, photos: photos.map((p) => ({ fileName: p.fileName, bytes: p.bytes.length })) },
    };
  });
  return (await listLogs(ctx.db, v.id)).logs.find((l) => l.id === id)!;
}

export async function listLogs(db: Queryable, vehicleId: string): Promise<VehicleLogs> {
  const rows = await db.query<{
    id: string; work_done: string; parts: VehicleLogView['parts']; notes: string | null; ticket_id: string | null; subject: string | null; ticket_status: string | null;
    email: string; logged_at: Date; photos: VehicleLogView['photos'] | null;
  }>(
    `SELECT l.id, l.work_done, l.parts, l.notes, l.ticket_id, t.subject, t.status AS ticket_status, u.email, l.logged_at,
       (SELECT json_agg(json_build_object('id', p.id, 'fileName', p.file_name, 'mimeType', p.mime_type, 'bytes', octet_length(p.bytes)) ORDER BY p.created_at, p.id)
        FROM fleet.vehicle_log_photos p WHERE p.log_id = l.id) AS photos
     FROM fleet.vehicle_logs l JOIN iam.users u ON u.id = l.author_id LEFT JOIN ops.tickets t ON t.id = l.ticket_id
     WHERE l.vehicle_id = $1 AND l.deleted_at IS NULL ORDER BY l.logged_at DESC, l.id DESC LIMIT 100`, [vehicleId]);
  const tickets = await db.query<{ id: string; subject: string; status: string }>(
    "SELECT id, subject, status FROM ops.tickets WHERE vehicle_id = $1 AND deleted_at IS NULL ORDER BY (status IN ('resolved', 'closed')), created_at DESC LIMIT 50", [vehicleId]);
  return {
    logs: rows.map((r) => ({
      id: r.id, workDone: r.work_done, parts: r.parts, notes: r.notes, author: r.email, loggedAt: r.logged_at.toISOString(), photos: r.photos ?? [],
      ticket: r.ticket_id ? { id: r.ticket_id, subject: r.subject!, status: r.ticket_status! } : null,
    })),
    tickets,
  };
}

/** One photo as a data URL, for showing it. */
export async function photoData(db: Queryable, id: string): Promise<string> {
  const [p] = await db.query<{ mime_type: string; bytes: Uint8Array }>('SELECT mime_type, bytes FROM fleet.vehicle_log_photos WHERE id = $1', [id]);
  if (!p) throw new DomainError('not_found', { code: 'field.noSuchPhoto' });
  return `data:${p.mime_type};base64,${Buffer.from(p.bytes).toString('base64')}`;
}
