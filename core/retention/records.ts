// Archiving (issue 16 item 3): closed incidents, cases and missions older than their site's
// retention period go to an archive file with everything that hangs on them, and are removed
// from the live database in one audited transaction. The audit log itself is untouched: its
// entries about these records stay, and the chain verifies as before.
import { createHash } from 'node:crypto';
import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { Db, Queryable } from '../../db/index.js';
import { appendAudit } from '../audit/store.js';
import { entryFor, type Caller } from '../audit/write.js';
import type { Clock } from '../clock.js';
import { keepDaysOf } from '../fleet/retention.js';

export const ARCHIVE_FORMAT = 'watchfloor-records-archive';

interface Kind {
  /** The retention rule's subject. */
  subject: 'incidents' | 'cases' | 'missions';
  /** The kind org.delete_archived_timeline takes. */
  kind: 'incident' | 'ticket' | 'service_request' | 'report' | 'mission';
  table: string;
  closed: string;
  closedAt: string;
  /** Rows that belong to the record, archived and removed with it (the timeline apart). */
  related: { table: string; column: string }[];
  /** A record something live still points at stays until that is archived or unlinked. */
  held: string[];
}

const KINDS: Kind[] = [
  {
    subject: 'incidents', kind: 'incident', table: 'ops.incidents', closed: `x.status IN ('closed', 'cancelled')`,
    closedAt: 'coalesce(x.closed_at, x.cancelled_at, x.updated_at)',
    related: [{ table: 'ops.case_events', column: 'incident_id' }, { table: 'ops.incident_resources', column: 'incident_id' },
      { table: 'ops.incident_links', column: 'incident_id' }, { table: 'ops.incident_links', column: 'linked_id' }, { table: 'ops.alerts', column: 'incident_id' }],
    held: ['SELECT 1 FROM ops.incidents c WHERE c.parent_id = x.id', 'SELECT 1 FROM ops.tickets t WHERE t.incident_id = x.id'],
  },
  {
    subject: 'cases', kind: 'ticket', table: 'ops.tickets', closed: `x.status IN ('resolved', 'closed')`, closedAt: 'coalesce(x.closed_at, x.resolved_at, x.updated_at)',
    related: [{ table: 'ops.case_events', column: 'ticket_id' }],
    held: ['SELECT 1 FROM fleet.vehicles v WHERE v.service_ticket_id = x.id', 'SELECT 1 FROM fleet.vehicle_logs l WHERE l.ticket_id = x.id',
      'SELECT 1 FROM fleet.field_ticket_bases b WHERE b.ticket_id = x.id'],
  },
  {
    subject: 'cases', kind: 'service_request', table: 'city.service_requests', closed: `x.status = 'closed'`, closedAt: 'coalesce(x.closed_at, x.updated_at)',
    related: [{ table: 'ops.case_events', column: 'service_request_id' }],
    held: ['SELECT 1 FROM ops.tickets t WHERE t.service_request_id = x.id', 'SELECT 1 FROM city.service_requests d WHERE d.duplicate_of = x.id'],
  },
  {
    subject: 'cases', kind: 'report', table: 'city.public_reports', closed: `x.status IN ('resolved', 'closed', 'rejected')`,
    closedAt: 'coalesce(x.resolved_at, x.updated_at)',
    related: [{ table: 'ops.case_events', column: 'report_id' }],
    held: ['SELECT 1 FROM ops.tickets t WHERE t.report_id = x.id', 'SELECT 1 FROM city.public_reports d WHERE d.duplicate_of = x.id'],
  },
  {
    subject: 'missions', kind: 'mission', table: 'fleet.missions', closed: `x.status IN ('completed', 'cancelled', 'failed')`,
    closedAt: 'coalesce(x.completed_at, x.updated_at)',
    related: [{ table: 'fleet.mission_events', column: 'mission_id' }, { table: 'fleet.vehicle_commands', column: 'mission_id' }],
    held: [],
  },
];

/** Ids of the records of `k` past their period at `now` that nothing live holds, oldest first. */
async function expired(db: Queryable, k: Kind, now: Date, limit: number): Promise<string[]> {
  const rows = await db.query<{ id: string }>(
    `SELECT x.id FROM ${k.table} x WHERE ${k.closed} AND ${k.closedAt} < $1::timestamptz - ${keepDaysOf(k.subject)} * interval '1 day'
     ${k.held.map((h) => ` AND NOT EXISTS (${h})`).join('')} ORDER BY ${k.closedAt} LIMIT ${limit} FOR UPDATE OF x`,
    [now.toISOString()]);
  return rows.map((r) => r.id);
}

export interface RecordsArchive {
  file: string;
  sha256: string;
  /** Records archived per kind (incident, ticket, service_request, report, mission). */
  counts: Record<string, number>;
}

function writeDurably(path: string, lines: string[]): string {
  const hash = createHash('sha256');
  const fd = openSync(`${path}.partial`, 'w', 0o600);
  try {
    for (const line of lines) {
      writeSync(fd, `${line}\n`);
      hash.update(`${line}\n`);
    }
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(`${path}.partial`, path);
  return hash.digest('hex');
}

/**
 * Archives every closed record past its site's period (up to `limit` of each kind per run) to
 * `records-<time>.jsonl` in `folder`: a first line describing the file, then one line per
 * record with its row and the rows that belong to it. The file is written and synced before
 * the records are removed; the removal and its audit entry (naming the file, its SHA-256 and
 * the records) are one transaction, and if that fails the file is removed again. Returns null
 * when nothing is due.
 */
export async function archiveRecords(caller: Caller, db: Db, clock: Clock, folder: string, limit = 5000): Promise<RecordsArchive | null> {
  const now = clock.now();
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  const file = join(folder, `records-${now.toISOString().replace(/[:.]/g, '-')}.jsonl`);
  let written = false;
  try {
    return await db.transaction(async (tx) => {
      const lines: string[] = [];
      const counts: Record<string, number> = {};
      const removals: (() => Promise<unknown>)[] = [];
      for (const k of KINDS) {
        const ids = await expired(tx, k, now, limit);
        counts[k.kind] = ids.length;
        if (!ids.length) continue;
        const rows = await tx.query<{ id: string; row: unknown }>(`SELECT x.id, to_jsonb(x) AS row FROM ${k.table} x WHERE x.id = ANY($1)`, [ids]);
        const related = new Map<string, Record<string, unknown[]>>();
        for (const r of k.related) {
          const found = await tx.query<{ owner: string; row: unknown }>(`SELECT c.${r.column} AS owner, to_jsonb(c) AS row FROM ${r.table} c WHERE c.${r.column} = ANY($1)`, [ids]);
          for (const f of found) {
            const of = related.get(f.owner) ?? {};
            (of[r.table] ??= []).push(f.row);
            related.set(f.owner, of);
          }
        }
        for (const r of rows) lines.push(JSON.stringify({ kind: k.kind, table: k.table, row: r.row, related: related.get(r.id) ?? {} }));
        removals.push(async () => {
          await tx.query('SELECT org.delete_archived_timeline($1, $2)', [k.kind, ids]);
          if (k.kind === 'incident') {
            // An incident and the alert it came from point at each other: unhook the incident first.
            await tx.query('UPDATE ops.incidents SET source_alert_id = NULL WHERE id = ANY($1)', [ids]);
          }
          for (const r of k.related) {
            if (r.table !== 'ops.case_events' && r.table !== 'fleet.mission_events') await tx.query(`DELETE FROM ${r.table} WHERE ${r.column} = ANY($1)`, [ids]);
          }
          await tx.query(`DELETE FROM ${k.table} WHERE id = ANY($1)`, [ids]);
        });
      }
      if (!lines.length) return null;
      const total = lines.length;
      lines.unshift(JSON.stringify({ format: ARCHIVE_FORMAT, version: 1, archivedAt: now.toISOString(), records: total, counts }));
      const sha256 = writeDurably(file, lines);
      written = true;
      for (const remove of removals) await remove();
      const entry = entryFor(caller, { resourceType: 'records_archive', resourceId: sha256, action: 'records.archive' }, 'success',
        { newValues: { file, sha256, counts } });
      await appendAudit(tx, entry, clock.now(), { token: caller.conn?.token });
      return { file, sha256, counts };
    });
  } catch (err) {
    if (written) rmSync(file, { force: true });
    throw err;
  }
}
