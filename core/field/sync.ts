// Bringing a field laptop's work back: its audit chain, tickets, maintenance log and the
// commands it sent, pushed to the central console (core/field/central.ts answers there).
// The laptop's chain is verified first (a tampered one is refused whole). Every record keeps
// its id and is sent with its revision; the central side says what already arrived, so a
// push repeated (or resumed after the laptop died midway) sends nothing twice, and a ticket
// changed on the laptop since its last push is sent again, with the central version it last
// had so that a change on both sides is named as a conflict.
import type { Db, Queryable } from '../../db/index.js';
import { verifyDb } from '../audit/verify.js';
import { DomainError } from '../errors.js';
import type { Reason } from '../contract/errors/index.js';
import type { Central } from './central-client.js';
import type { Decision, FieldRecord, VehicleRef } from './sync-records.js';

export type { Decision } from './sync-records.js';
export interface SyncConflict { kind: 'ticket'; id: string; subject: string; what: string; why?: Pick<Reason, 'code' | 'params'> }
export interface SyncReport {
  source: string;
  pushed: { auditEntries: number; tickets: number; logs: number; commands: number };
  /** Records already there from an earlier push (or the same on both sides). */
  unchanged: number;
  conflicts: SyncConflict[];
  /** The laptop chain's tip as now recorded centrally. */
  tip: { seq: number; hash: string };
}

const CHUNK = 500;
const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

export async function pushFieldWork(o: { local: Db; central: Central; source: string; now: () => Date; decisions?: Record<string, Decision> }): Promise<SyncReport> {
  const { local, central, source } = o;
  const chain = await verifyDb(local);
  if (!chain.ok) throw new DomainError('invalid', { code: 'field.auditLogBroken', params: { reason: chain.problem!.reason } });
  const start = await central.start(source);
  const report: SyncReport = { source, pushed: { auditEntries: 0, tickets: 0, logs: 0, commands: 0 }, unchanged: 0, conflicts: [], tip: { seq: start.lastSeq, hash: start.lastHash } };

  // 1. The audit segment, continuing exactly where the last push ended.
  if (start.lastSeq > 0) {
    const [mine] = await local.query<{ hash: string }>('SELECT hash FROM audit.entries WHERE seq = $1', [start.lastSeq]);
    if (mine?.hash !== start.lastHash) {
      throw new DomainError('conflict', { code: 'field.auditLogRewritten', params: { lastSeq: start.lastSeq } });
    }
  }
  for (;;) {
    const rows = await local.query<{ seq: string; prev_hash: string; hash: string; body: string }>(
      'SELECT seq, prev_hash, hash, body::text AS body FROM audit.entries WHERE seq > $1 ORDER BY seq LIMIT $2', [report.tip.seq, CHUNK]);
    if (!rows.length) break;
    const tip = await central.audit(source, rows.map((r) => ({ seq: Number(r.seq), prevHash: r.prev_hash, hash: r.hash, body: r.body })));
    report.tip = { seq: tip.lastSeq, hash: tip.lastHash };
    report.pushed.auditEntries += rows.length;
  }

  // 2. Records, each once per revision.
  const arrived = new Map(start.arrived.map((a) => [`${a.kind}:${a.id}`, a]));
  const vehicles = new Map<string, VehicleRef>();
  const vehicle = async (id: string): Promise<VehicleRef> => {
    if (!vehicles.has(id)) {
      const [v] = await local.query<{ manufacturer: string; serial_number: string; name: string }>('SELECT manufacturer, serial_number, name FROM fleet.vehicles WHERE id = $1', [id]);
      vehicles.set(id, { manufacturer: v!.manufacturer, serialNumber: v!.serial_number, name: v!.name });
    }
    return vehicles.get(id)!;
  };
  const emails = new Map((await local.query<{ id: string; email: string }>('SELECT id, email FROM iam.users')).map((u) => [u.id, u.email]));
  const email = (id: string | null) => (id ? emails.get(id) ?? null : null);
  const send = async (r: FieldRecord, counter: keyof SyncReport['pushed'], subject = '') => {
    const out = await central.record(source, r, r.kind === 'ticket' ? o.decisions?.[r.id] ?? null : null);
    if (out.outcome === 'conflict') report.conflicts.push({ kind: 'ticket', id: r.id, subject, what: out.what, ...(out.why ? { why: out.why } : {}) });
    else if (out.outcome === 'pushed') report.pushed[counter]++;
    else report.unchanged++;
    return out;
  };

  for (const t of await local.query<TicketRow>(TICKETS)) {
    const before = arrived.get(`ticket:${t.id}`);
    if (before && before.revision >= t.version) {
      // It arrived before; a laptop that died before noting it notes it now.
      if (before.centralVersion !== null) await noteBase(local, t.id, before.centralVersion, before.revision, o.now());
      report.unchanged++;
      continue;
    }
    // Downloaded, or pushed before, and not changed on this laptop since.
    if (t.base_laptop_version === t.version && !before) { report.unchanged++; continue; }
    const out = await send({
      kind: 'ticket', id: t.id, revision: t.version, baseVersion: t.base_version, subject: t.subject, description: t.description, status: t.status, priority: t.priority,
      ticketKind: t.kind, vehicle: t.vehicle_id ? await vehicle(t.vehicle_id) : null, resolutionNotes: t.resolution_notes, createdBy: email(t.created_by),
    }, 'tickets', t.subject);
    if (out.outcome !== 'conflict' && out.centralVersion !== null) await noteBase(local, t.id, out.centralVersion, t.version, o.now());
  }

  for (const l of await local.query<LogRow>('SELECT id, vehicle_id, ticket_id, work_done, parts, notes, author_id, logged_at FROM fleet.vehicle_logs WHERE deleted_at IS NULL ORDER BY logged_at, id')) {
    if (arrived.has(`vehicle_log:${l.id}`)) { report.unchanged++; continue; }
    const photos = await local.query<{ id: string; file_name: string; mime_type: 'image/png'; bytes: Uint8Array }>('SELECT id, file_name, mime_type, bytes FROM fleet.vehicle_log_photos WHERE log_id = $1 ORDER BY id', [l.id]);
    await send({
      kind: 'vehicle_log', id: l.id, vehicle: await vehicle(l.vehicle_id), ticketId: l.ticket_id, workDone: l.work_done, parts: l.parts, notes: l.notes, author: email(l.author_id),
      loggedAt: iso(l.logged_at)!, photos: photos.map((p) => ({ id: p.id, fileName: p.file_name, mimeType: p.mime_type, dataBase64: Buffer.from(p.bytes).toString('base64') })),
    }, 'logs');
  }

  const commands = await local.query<CommandRow>("SELECT * FROM fleet.vehicle_commands WHERE status NOT IN ('awaiting_confirmation', 'sent', 'acknowledged') ORDER BY requested_at, id");
  for (const c of commands) {
    if (arrived.has(`vehicle_command:${c.id}`)) { report.unchanged++; continue; }
    await send({
      kind: 'vehicle_command', id: c.id, vehicle: await vehicle(c.vehicle_id), actionType: c.action_type, actionId: c.action_id, parameters: c.parameters, reason: c.reason,
      status: c.status, detail: c.detail, requestedBy: email(c.requested_by), confirmedBy: email(c.confirmed_by), requestedAt: iso(c.requested_at)!, expiresAt: iso(c.expires_at),
      sentAt: iso(c.sent_at), acknowledgedAt: iso(c.acknowledged_at), endedAt: iso(c.ended_at),
    }, 'commands');
  }
  return report;
}

/** The central version this laptop now has of a ticket, and its own version then. */
export const noteBase = (db: Queryable, ticketId: string, centralVersion: number, laptopVersion: number, at: Date) =>
  db.query(
    `INSERT INTO fleet.field_ticket_bases (ticket_id, central_version, laptop_version, synced_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT (ticket_id) DO UPDATE SET central_version = EXCLUDED.central_version, laptop_version = EXCLUDED.laptop_version, synced_at = EXCLUDED.synced_at`,
    [ticketId, centralVersion, laptopVersion, at.toISOString()]);

const TICKETS = `SELECT t.id, t.subject, t.description, t.status, t.priority, t.kind, t.vehicle_id, t.resolution_notes, t.created_by, t.version, b.central_version AS base_version, b.laptop_version AS base_laptop_version
  FROM ops.tickets t LEFT JOIN fleet.field_ticket_bases b ON b.ticket_id = t.id WHERE t.deleted_at IS NULL ORDER BY t.created_at, t.id`;
interface TicketRow {
  id: string; subject: string; description: string; status: 'open' | 'in_progress' | 'resolved' | 'closed'; priority: 'low' | 'medium' | 'high' | 'urgent';
  kind: 'maintenance' | 'support'; vehicle_id: string | null; resolution_notes: string | null; created_by: string | null; version: number; base_version: number | null; base_laptop_version: number | null;
}
interface LogRow { id: string; vehicle_id: string; ticket_id: string | null; work_done: string; parts: unknown; notes: string | null; author_id: string; logged_at: Date }
interface CommandRow {
  id: string; vehicle_id: string; action_type: string; action_id: string; parameters: unknown; reason: string; status: 'finished' | 'failed' | 'timed_out' | 'expired';
  detail: string | null; requested_by: string; confirmed_by: string | null; requested_at: Date; expires_at: Date | null; sent_at: Date | null; acknowledged_at: Date | null; ended_at: Date | null;
}
