// Archiving on a schedule (org.archive_schedule): closed records past their period and audit
// entries older than N days, to a folder, claimed so that one console of many runs it.
import type { Db, Queryable } from '../../db/index.js';
import { archiveAudit } from '../audit/archive.js';
import type { Caller } from '../audit/write.js';
import type { Clock } from '../clock.js';
import type { ArchiveRun, ArchiveScheduleInput, RetentionState } from '../contract/index.js';
import type { Logger } from '../logger.js';
import { archiveRecords } from './records.js';

interface Row {
  enabled: boolean; folder: string; every_hours: number; audit_older_than_days: number; records: boolean;
  last_started_at: Date | null; last_result: ArchiveRun | null;
}

export async function readArchiveSchedule(db: Queryable): Promise<Row | null> {
  const [r] = await db.query<Row>('SELECT enabled, folder, every_hours, audit_older_than_days, records, last_started_at, last_result FROM org.archive_schedule WHERE id = 1');
  return r ?? null;
}

export const scheduleView = (r: Row | null): RetentionState['schedule'] => r && {
  enabled: r.enabled, folder: r.folder, everyHours: r.every_hours, auditOlderThanDays: r.audit_older_than_days, records: r.records,
  lastStartedAt: r.last_started_at?.toISOString() ?? null,
};

export async function saveArchiveSchedule(tx: Queryable, s: ArchiveScheduleInput): Promise<void> {
  await tx.query(
    `INSERT INTO org.archive_schedule (id, enabled, folder, every_hours, audit_older_than_days, records) VALUES (1, $1, $2, $3, $4, $5)
     ON CONFLICT (id) DO UPDATE SET enabled = $1, folder = $2, every_hours = $3, audit_older_than_days = $4, records = $5, updated_at = now()`,
    [s.enabled, s.folder, s.everyHours, s.auditOlderThanDays, s.records]);
}

/** Runs an archive pass into the schedule's folder now and records its outcome on the schedule. */
export async function runArchive(caller: Caller, db: Db, clock: Clock, s: { folder: string; auditOlderThanDays: number; records: boolean }): Promise<ArchiveRun> {
  const now = clock.now();
  const run: ArchiveRun = { at: now.toISOString(), ok: true, error: null, records: null, audit: null };
  try {
    if (s.records) {
      const r = await archiveRecords(caller, db, clock, s.folder);
      run.records = r && { file: r.file, counts: r.counts };
    }
    const segment = await archiveAudit(caller, db, clock, new Date(now.getTime() - s.auditOlderThanDays * 86_400_000), s.folder);
    run.audit = segment && { file: segment.file, firstSeq: segment.firstSeq, lastSeq: segment.lastSeq };
  } catch (err) {
    run.ok = false;
    run.error = (err as Error).message;
  }
  await db.query(`UPDATE org.archive_schedule SET last_finished_at = $1, last_error = $2, last_result = $3 WHERE id = 1`,
    [clock.now().toISOString(), run.error, JSON.stringify(run)]);
  return run;
}

/** The scheduled pass when it is due: claimed atomically (one console of many runs it). */
export async function archiveIfDue(caller: Caller, db: Db, clock: Clock, log: Logger): Promise<ArchiveRun | null> {
  const now = clock.now().toISOString();
  const [due] = await db.query<Row>(
    `UPDATE org.archive_schedule SET last_started_at = $1
     WHERE id = 1 AND enabled AND (last_started_at IS NULL OR last_started_at <= $1::timestamptz - every_hours * interval '1 hour')
     RETURNING enabled, folder, every_hours, audit_older_than_days, records, last_started_at, last_result`, [now]);
  if (!due) return null;
  const run = await runArchive(caller, db, clock, { folder: due.folder, auditOlderThanDays: due.audit_older_than_days, records: due.records });
  if (run.ok) log.info('scheduled archive done', { records: run.records, audit: run.audit });
  else log.error('scheduled archive failed', { err: run.error });
  return run;
}
