// The central console's side of field sync, called over its host by a signed-in technician
// (core/field/central-router.ts): the laptop's audit entries continue its segment, each
// record lands once per laptop revision in its own transaction with its audit entry, and a
// ticket changed on both sides since the laptop last had it is a conflict the technician decides.
import type { Queryable } from '../../db/index.js';
import { lastChange } from '../audit/last-change.js';
import { audited } from '../audit/write.js';
import { ChainVerifier, type ChainLink } from '../audit/chain.js';
import { canMove, TICKET_TRANSITIONS } from '../contract/index.js';
import { englishWords } from '../contract/errors/index.js';
import { DomainError, type Words } from '../errors.js';
import type { AuthedContext } from '../trpc.js';
import type { Decision, FieldRecord, RecordOutcome, SyncStart, TicketRecord, VehicleRef } from './sync-records.js';

const sourceTarget = (source: string) => ({ resourceType: 'field_source', resourceId: source });

export async function syncStart(ctx: AuthedContext, source: string): Promise<SyncStart> {
  await ctx.db.query('INSERT INTO fleet.field_sources (source) VALUES ($1) ON CONFLICT (source) DO NOTHING', [source]);
  const [s] = await ctx.db.query<{ last_seq: string; last_hash: string }>('SELECT last_seq, last_hash FROM fleet.field_sources WHERE source = $1', [source]);
  const arrived = await ctx.db.query<{ kind: FieldRecord['kind']; local_id: string; revision: number; central_version: number | null }>(
    'SELECT kind, local_id, revision, central_version FROM fleet.field_pushed WHERE source = $1', [source]);
  return {
    lastSeq: Number(s!.last_seq), lastHash: s!.last_hash,
    arrived: arrived.map((r) => ({ kind: r.kind, id: r.local_id, revision: r.revision, centralVersion: r.central_version })),
  };
}

/**
 * The next entries of the laptop's chain: they must follow the last one received and hash
 * as they claim (checked here again, whatever the laptop checked); stored as the laptop
 * hashed them, with a central entry naming the segment's tip hash.
 */
export async function receiveAudit(ctx: AuthedContext, source: string, links: ChainLink[]): Promise<{ lastSeq: number; lastHash: string }> {
  return audited(ctx, { ...sourceTarget(source), action: 'field.sync_segment' }, async (tx) => {
    const [s] = await tx.query<{ last_seq: string; last_hash: string }>('SELECT last_seq, last_hash FROM fleet.field_sources WHERE source = $1 FOR UPDATE', [source]);
    if (!s) throw new DomainError('not_found', { code: 'field.pushFirst' });
    const verifier = new ChainVerifier({ lastSeq: Number(s.last_seq), lastHash: s.last_hash });
    for (const link of links) {
      if (!verifier.push(link)) {
        throw new DomainError('invalid', { code: 'field.auditLogDiscontinuous', params: { reason: verifier.problem!.reason } });
      }
      await tx.query('INSERT INTO fleet.field_audit_entries (source, seq, prev_hash, hash, body) VALUES ($1, $2, $3, $4, $5)', [source, link.seq, link.prevHash, link.hash, link.body]);
    }
    await tx.query('UPDATE fleet.field_sources SET last_seq = $2, last_hash = $3, pushed_at = $4 WHERE source = $1', [source, verifier.lastSeq, verifier.lastHash, ctx.clock.now().toISOString()]);
    const tip = { lastSeq: verifier.lastSeq, lastHash: verifier.lastHash };
    return { result: tip, newValues: { source, firstSeq: links[0]?.seq ?? null, lastSeq: tip.lastSeq, tipHash: tip.lastHash, entries: links.length } };
  });
}

/** The central vehicle for a laptop's (matched by manufacturer and serial number; added when new). */
export async function centralVehicle(tx: Queryable, v: VehicleRef): Promise<{ id: string; siteId: string | null }> {
  const [c] = await tx.query<{ id: string; site_id: string | null }>(
    `INSERT INTO fleet.vehicles (manufacturer, serial_number, name) VALUES ($1, $2, $3)
     ON CONFLICT (manufacturer, serial_number) WHERE deleted_at IS NULL DO UPDATE SET manufacturer = EXCLUDED.manufacturer RETURNING id, site_id`,
    [v.manufacturer, v.serialNumber, v.name || `${v.manufacturer} ${v.serialNumber}`]);
  return { id: c!.id, siteId: c!.site_id };
}

/** A laptop user's central account by email; someone with none is answered for by the person pushing. */
async function centralUser(tx: Queryable, ctx: AuthedContext, email: string | null): Promise<string> {
  if (!email) return ctx.user.id;
  const [u] = await tx.query<{ id: string }>('SELECT id FROM iam.users WHERE lower(email) = lower($1) AND deleted_at IS NULL', [email]);
  return u?.id ?? ctx.user.id;
}

const mark = (tx: Queryable, source: string, r: { kind: string; id: string }, at: Date, outcome: string, revision: number, centralVersion: number | null) =>
  tx.query(
    `INSERT INTO fleet.field_pushed (source, kind, local_id, pushed_at, outcome, revision, central_version) VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (source, kind, local_id) DO UPDATE SET pushed_at = EXCLUDED.pushed_at, outcome = EXCLUDED.outcome, revision = EXCLUDED.revision, central_version = EXCLUDED.central_version`,
    [source, r.kind, r.id, at.toISOString(), outcome, revision, centralVersion]);

async function arrived(tx: Queryable, source: string, r: { kind: string; id: string }) {
  const [p] = await tx.query<{ revision: number; central_version: number | null; outcome: string }>(
    'SELECT revision, central_version, outcome FROM fleet.field_pushed WHERE source = $1 AND kind = $2 AND local_id = $3 FOR UPDATE', [source, r.kind, r.id]);
  return p ?? null;
}

/** One laptop record, once per revision: a repeat (a resumed or second push) changes nothing. */
export async function receiveRecord(ctx: AuthedContext, source: string, r: FieldRecord, decision: Decision | null): Promise<RecordOutcome> {
  if (r.kind === 'ticket') return receiveTicket(ctx, source, r, decision);
  const at = ctx.clock.now();
  const [seen] = await ctx.db.query('SELECT 1 FROM fleet.field_pushed WHERE source = $1 AND kind = $2 AND local_id = $3', [source, r.kind, r.id]);
  if (seen) return { outcome: 'unchanged', centralVersion: null };
  return audited(ctx, { resourceType: 'vehicle', action: r.kind === 'vehicle_log' ? 'field.sync_log' : 'field.sync_command' }, async (tx) => {
    if (await arrived(tx, source, r)) return { result: { outcome: 'unchanged', centralVersion: null } as RecordOutcome };
    const v = await centralVehicle(tx, r.vehicle);
    if (r.kind === 'vehicle_log') {
      const ticket = r.ticketId && (await tx.query('SELECT 1 FROM ops.tickets WHERE id = $1', [r.ticketId])).length ? r.ticketId : null;
      await tx.query(
        'INSERT INTO fleet.vehicle_logs (id, vehicle_id, ticket_id, work_done, parts, notes, author_id, logged_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)',
        [r.id, v.id, ticket, r.workDone, JSON.stringify(r.parts ?? []), r.notes, await centralUser(tx, ctx, r.author), r.loggedAt]);
      for (const p of r.photos) {
        await tx.query('INSERT INTO fleet.vehicle_log_photos (id, log_id, file_name, mime_type, bytes) VALUES ($1, $2, $3, $4, $5)', [p.id, r.id, p.fileName, p.mimeType, Buffer.from(p.dataBase64, 'base64')]);
      }
    } else {
      const by = await centralUser(tx, ctx, r.requestedBy);
      const confirmed = r.confirmedBy ? await centralUser(tx, ctx, r.confirmedBy) : null;
      await tx.query(
        `INSERT INTO fleet.vehicle_commands (id, vehicle_id, action_type, action_id, parameters, reason, status, detail, requested_by, confirmed_by, requested_at, expires_at, sent_at, acknowledged_at, ended_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
        [r.id, v.id, r.actionType, r.actionId, JSON.stringify(r.parameters ?? []), r.reason, r.status, r.detail, by,
          confirmed === by ? null : confirmed, r.requestedAt, r.expiresAt, r.sentAt, r.acknowledgedAt, r.endedAt]);
    }
    await mark(tx, source, r, at, 'pushed', 1, null);
    const values = r.kind === 'vehicle_log' ? { logId: r.id, workDone: r.workDone, photos: r.photos.length } : { commandId: r.id, actionType: r.actionType, status: r.status };
    return { result: { outcome: 'pushed', centralVersion: null } as RecordOutcome, resourceId: v.id, newValues: { source, ...values } };
  });
}

const said = (s: string) => s.replace('_', ' ');
const settled = (s: string) => s === 'closed' || s === 'resolved';

type TicketPlan =
  | { do: 'unchanged'; centralVersion: number | null; mark: boolean }
  | { do: 'conflict'; why: Words }
  | { do: 'insert' }
  | { do: 'keep'; centralVersion: number; status: string }
  | { do: 'apply'; status: TicketRecord['status']; version: number };

/**
 * What a ticket from the laptop calls for. The central version the laptop last had (its
 * base: from a download or its last push) tells who changed it since: only the laptop, and its status,
 * priority and notes are taken; both sides, and it is a conflict until the technician
 * decides: keep the central ticket, or take the laptop's (a closed ticket is never reopened).
 */
async function assess(tx: Queryable, source: string, t: TicketRecord, decision: Decision | null, lock: boolean): Promise<TicketPlan> {
  const [prev] = await tx.query<{ revision: number }>(
    `SELECT revision FROM fleet.field_pushed WHERE source = $1 AND kind = 'ticket' AND local_id = $2${lock ? ' FOR UPDATE' : ''}`, [source, t.id]);
  const [c] = await tx.query<{ status: TicketRecord['status']; version: number; closed_at: Date | null; resolved_at: Date | null }>(
    `SELECT status, version, closed_at, resolved_at FROM ops.tickets WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [t.id]);
  if (prev && prev.revision >= t.revision) return { do: 'unchanged', centralVersion: c?.version ?? null, mark: false };
  if (!c) return { do: 'insert' };
  if (t.baseVersion === c.version) {
    // Only the laptop changed it since it last had it.
    if (c.status !== t.status && !canMove(TICKET_TRANSITIONS, c.status, t.status)) {
      throw new DomainError('conflict', { code: 'field.ticketStatusCentral', params: { subject: t.subject, from: said(c.status), to: said(t.status) } });
    }
    return { do: 'apply', status: c.status, version: c.version };
  }
  if (c.status === t.status) return { do: 'unchanged', centralVersion: c.version, mark: true };
  if (!decision) {
    const last = await lastChange(tx, 'ticket', t.id);
    const when = (settled(c.status) ? (c.closed_at ?? c.resolved_at) : null) ?? last?.at ?? null;
    const both = { subject: t.subject, status: said(c.status), laptop: said(t.status) };
    // Every change is audited, so who changed it last is known but for a ticket from before that.
    if (!last || !when) return { do: 'conflict', why: { code: 'field.ticketConflictUntold', params: both } };
    const at = { ...both, when: when.toISOString(), by: last.by };
    return { do: 'conflict', why: { code: settled(c.status) ? 'field.ticketConflictSettled' : 'field.ticketConflict', params: at } };
  }
  if (decision === 'keep_central') return { do: 'keep', centralVersion: c.version, status: c.status };
  if (c.status === 'closed') throw new DomainError('conflict', { code: 'field.ticketClosedCentrally', params: { subject: t.subject } });
  if (!canMove(TICKET_TRANSITIONS, c.status, t.status)) {
    throw new DomainError('conflict', { code: 'field.ticketCannotBecome', params: { subject: t.subject, status: said(c.status), to: said(t.status) } });
  }
  return { do: 'apply', status: c.status, version: c.version };
}

async function receiveTicket(ctx: AuthedContext, source: string, t: TicketRecord, decision: Decision | null): Promise<RecordOutcome> {
  const at = ctx.clock.now();
  // A conflict writes nothing: it is named, and asked again at the next push until decided.
  const first = await ctx.db.transaction((tx) => assess(tx, source, t, decision, false));
  if (first.do === 'conflict') return { outcome: 'conflict', what: englishWords(first.why.code, first.why.params), why: first.why };
  if (first.do === 'unchanged') {
    if (first.mark) await ctx.db.transaction((tx) => mark(tx, source, t, at, 'pushed', t.revision, first.centralVersion));
    return { outcome: 'unchanged', centralVersion: first.centralVersion };
  }
  return audited<RecordOutcome>(ctx, { resourceType: 'ticket', resourceId: t.id, action: 'field.sync_ticket' }, async (tx) => {
    const plan = await assess(tx, source, t, decision, true);
    if (plan.do === 'conflict') throw new DomainError('conflict', plan.why);
    if (plan.do === 'unchanged') {
      if (plan.mark) await mark(tx, source, t, at, 'pushed', t.revision, plan.centralVersion);
      return { result: { outcome: 'unchanged', centralVersion: plan.centralVersion } };
    }
    if (plan.do === 'keep') {
      await mark(tx, source, t, at, 'kept_central', t.revision, plan.centralVersion);
      return { result: { outcome: 'kept_central', centralVersion: plan.centralVersion }, newValues: { source, decision, laptopStatus: t.status, centralStatus: plan.status } };
    }
    const vehicle = t.vehicle ? await centralVehicle(tx, t.vehicle) : null;
    if (plan.do === 'insert') {
      const [site] = await tx.query<{ id: string | null }>(
        'SELECT coalesce($1::uuid, (SELECT id FROM org.sites WHERE deleted_at IS NULL ORDER BY created_at LIMIT 1)) AS id', [vehicle?.siteId ?? null]);
      if (!site?.id) throw new DomainError('conflict', { code: 'field.noCentralSite', params: { subject: t.subject } });
      await tx.query(
        `INSERT INTO ops.tickets (id, site_id, kind, subject, description, status, priority, vehicle_id, resolution_notes, created_by, resolved_at, closed_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, CASE WHEN $6 IN ('resolved', 'closed') THEN $11::timestamptz END, CASE WHEN $6 = 'closed' THEN $11::timestamptz END)`,
        [t.id, site.id, t.ticketKind, t.subject, t.description, t.status, t.priority, vehicle?.id ?? null, t.resolutionNotes, await centralUser(tx, ctx, t.createdBy), at.toISOString()]);
      await mark(tx, source, t, at, 'pushed', t.revision, 1);
      return { result: { outcome: 'pushed', centralVersion: 1 }, newValues: { source, status: t.status, created: true } };
    }
    await tx.query(
      `UPDATE ops.tickets SET status = $2, priority = $3, resolution_notes = coalesce($4, resolution_notes),
         resolved_at = CASE WHEN $2 = 'resolved' THEN $5::timestamptz WHEN $2 IN ('open', 'in_progress') THEN NULL ELSE resolved_at END,
         closed_at = CASE WHEN $2 = 'closed' THEN $5::timestamptz ELSE NULL END, version = version + 1 WHERE id = $1`,
      [t.id, t.status, t.priority, t.resolutionNotes, at.toISOString()]);
    await mark(tx, source, t, at, 'pushed', t.revision, plan.version + 1);
    return { result: { outcome: 'pushed', centralVersion: plan.version + 1 }, oldValues: { status: plan.status }, newValues: { source, status: t.status, decision } };
  });
}
