import { DbError, loadMigrations, migrationLevel, type Db } from '../../db/index.js';
import type { Clock } from '../clock.js';
import type { BrokerConnection } from '../mqtt/connection.js';
import { withoutPorts } from '../mqtt/mask.js';
import type { DbStatus, IngestBacklog, SystemStatus } from '../contract/index.js';
import { VERSION } from '../version.js';
import { backupSummary } from '../backup/store.js';
import { CONSOLE_NAME, dutyHolders } from '../duties/leases.js';

const CODE_LEVEL = loadMigrations().length;

/** Asks the database how it is; never throws, a failure is part of the answer. */
export async function checkDatabase(db: Db): Promise<DbStatus> {
  const base = { mode: db.mode, location: db.location, codeLevel: CODE_LEVEL };
  const t0 = performance.now();
  try {
    const [row] = await db.query<{ v: string }>('SELECT version() AS v');
    const latencyMs = Math.round((performance.now() - t0) * 10) / 10;
    const level = await migrationLevel(db);
    return { ...base, ok: true, engineVersion: row?.v ?? null, migrationLevel: level, latencyMs, error: null, errorCode: null };
  } catch (err) {
    return {
      ...base,
      ok: false,
      engineVersion: null,
      migrationLevel: null,
      latencyMs: null,
      error: err instanceof DbError ? err.message : `The database did not answer: ${(err as Error).message}`,
      errorCode: err instanceof DbError ? err.code : 'unreachable',
    };
  }
}

export async function systemStatus(db: Db, clock: Clock, startedAt: Date, broker: BrokerConnection | null, ingest: IngestBacklog | null = null): Promise<SystemStatus> {
  return {
    version: VERSION,
    startedAt: startedAt.toISOString(),
    checkedAt: clock.now().toISOString(),
    database: await checkDatabase(db),
    broker: broker ? { ...broker.status } : null,
    backup: await backupSummary(db).catch(() => null),
    console: CONSOLE_NAME,
    duties: await dutyHolders(db).catch(() => []),
    ingest,
  };
}

/**
 * The status as a caller who is not signed in may see it: any local process can
 * ask, so it does not learn where the broker listens (no URL, no ports in errors),
 * nor the central database's port (its host stays, for the fault screen's message).
 */
export function publicStatus(s: SystemStatus): SystemStatus {
  const database = { ...s.database, location: withoutPorts(s.database.location), error: s.database.error && withoutPorts(s.database.error) };
  if (!s.broker) return { ...s, database, backup: null, duties: [], ingest: null };
  return { ...s, database, backup: null, duties: [], ingest: null, broker: { ...s.broker, url: '', lastError: s.broker.lastError && withoutPorts(s.broker.lastError) } };
}

/** Whether two statuses differ in anything a person would notice (latency alone does not count). */
export function statusChanged(a: SystemStatus, b: SystemStatus): boolean {
  const key = (s: SystemStatus) => JSON.stringify([{ ...s.database, latencyMs: null }, s.broker, s.backup, s.duties?.map((d) => [d.duty, d.holder, d.since, d.live]), s.ingest]);
  return key(a) !== key(b);
}
