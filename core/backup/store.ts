import type { Queryable } from '../../db/index.js';
import type { BackupRun, BackupSchedule, BackupSummary } from '../contract/index.js';

interface RunRow {
  kind: BackupRun['kind'];
  started_at: Date;
  finished_at: Date;
  ok: boolean;
  file: string | null;
  bytes: string | null;
  includes_key: boolean;
  error: string | null;
}

const run = (r: RunRow): BackupRun => ({
  kind: r.kind, startedAt: r.started_at.toISOString(), finishedAt: r.finished_at.toISOString(), ok: r.ok,
  file: r.file, bytes: r.bytes === null ? null : Number(r.bytes), includesKey: r.includes_key, error: r.error,
});

const COLUMNS = 'kind, started_at, finished_at, ok, file, bytes, includes_key, error';

export async function insertRun(tx: Queryable, r: BackupRun, auditSeq: number | null): Promise<void> {
  await tx.query(
    `INSERT INTO org.backups (${COLUMNS}, audit_seq) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [r.kind, r.startedAt, r.finishedAt, r.ok, r.file, r.bytes, r.includesKey, r.error, auditSeq],
  );
}

export async function recentRuns(q: Queryable, limit = 10): Promise<BackupRun[]> {
  return (await q.query<RunRow>(`SELECT ${COLUMNS} FROM org.backups ORDER BY finished_at DESC LIMIT $1`, [limit])).map(run);
}

/** The last success and failure, and whether the key was ever backed up; null before migration 18. */
export async function backupSummary(q: Queryable): Promise<BackupSummary | null> {
  const [exists] = await q.query<{ t: string | null }>(`SELECT to_regclass('org.backups')::text AS t`);
  if (!exists?.t) return null;
  const last = async (ok: boolean) => (await q.query<RunRow>(`SELECT ${COLUMNS} FROM org.backups WHERE ok = $1 ORDER BY finished_at DESC LIMIT 1`, [ok])).map(run)[0] ?? null;
  // A backup made before the key was last rotated carries a key that opens nothing any more.
  const [k] = await q.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM org.backups WHERE ok AND includes_key
     AND started_at > coalesce((SELECT max(at) FROM audit.entries WHERE action = 'iam.rotate_secret_key' AND outcome = 'success'), '-infinity')`);
  return { lastSuccess: await last(true), lastFailure: await last(false), keyBackedUp: k!.n > 0 };
}

export interface ScheduleRow {
  enabled: boolean;
  folder: string;
  every_hours: number;
  keep: number;
  sealed_keys: string | null;
  last_started_at: Date | null;
}

export async function readSchedule(q: Queryable): Promise<ScheduleRow | null> {
  const [r] = await q.query<ScheduleRow>('SELECT enabled, folder, every_hours, keep, sealed_keys, last_started_at FROM org.backup_schedule WHERE id = 1');
  return r ?? null;
}

export const scheduleView = (r: ScheduleRow | null): BackupSchedule | null =>
  r && { enabled: r.enabled, folder: r.folder, everyHours: r.every_hours, keep: r.keep, hasKeys: Boolean(r.sealed_keys) };

export async function saveSchedule(tx: Queryable, s: { enabled: boolean; folder: string; everyHours: number; keep: number; sealedKeys: string | null }): Promise<void> {
  await tx.query(
    `INSERT INTO org.backup_schedule (id, enabled, folder, every_hours, keep, sealed_keys) VALUES (1, $1, $2, $3, $4, $5)
     ON CONFLICT (id) DO UPDATE SET enabled = $1, folder = $2, every_hours = $3, keep = $4, sealed_keys = coalesce($5, org.backup_schedule.sealed_keys), updated_at = now()`,
    [s.enabled, s.folder, s.everyHours, s.keep, s.sealedKeys],
  );
}

/**
 * Claims the scheduled run that is due, atomically: among consoles sharing a
 * database, one gets it. Returns the schedule when this console should run it.
 */
export async function claimDue(tx: Queryable, now: Date): Promise<ScheduleRow | null> {
  const [r] = await tx.query<ScheduleRow>(
    `UPDATE org.backup_schedule SET last_started_at = $1
     WHERE id = 1 AND enabled AND (last_started_at IS NULL OR last_started_at <= $1::timestamptz - make_interval(hours => every_hours))
     RETURNING enabled, folder, every_hours, keep, sealed_keys, last_started_at`,
    [now.toISOString()],
  );
  return r ?? null;
}
