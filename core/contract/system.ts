import { z } from 'zod';
import { BackupSummary } from './backup.js';
import { BrokerStatus } from './broker.js';

export const DbStatus = z.object({
  mode: z.enum(['embedded', 'central']),
  location: z.string(),
  ok: z.boolean(),
  engineVersion: z.string().nullable(),
  migrationLevel: z.number().int().nullable(),
  codeLevel: z.number().int(),
  latencyMs: z.number().nullable(),
  /** A sentence for a person: what is wrong and what to do. */
  error: z.string().nullable(),
  errorCode: z.string().nullable(),
});
export type DbStatus = z.infer<typeof DbStatus>;

/** Ingest rows not yet in the database, and where they wait (signed-in callers only). */
export const IngestBacklog = z.object({
  /** `disk`: the outbox in the data folder, kept over a restart; `memory`: lost if the console stops. */
  outbox: z.enum(['disk', 'memory']),
  /** Why the outbox cannot be used, in a sentence; null while it can (or this core has no data folder). */
  problem: z.string().nullable(),
  /** Rows waiting to be written while the database is away, or being drained after. */
  waiting: z.number().int(),
  /** Telemetry and readings dropped, oldest first, over the outbox's or memory's limit since this console started. */
  dropped: z.number().int(),
});
export type IngestBacklog = z.infer<typeof IngestBacklog>;

/** Which console does a background duty for all (see core/duties). */
export const DutyHolder = z.object({
  duty: z.enum(['ingest', 'control', 'dispatch']),
  holder: z.string(),
  since: z.string(),
  /** False when the holder stopped renewing and nobody has taken the duty yet. */
  live: z.boolean(),
});
export type DutyHolder = z.infer<typeof DutyHolder>;

export const SystemStatus = z.object({
  version: z.string(),
  startedAt: z.string(),
  checkedAt: z.string(),
  database: DbStatus,
  /** Null when this core runs without MQTT (tests, tools). */
  broker: BrokerStatus.nullable(),
  /** The last backup's success and failure (signed-in callers only; null before any, or before migration 18). */
  backup: BackupSummary.nullable().optional(),
  /** This console's name, as the duty list names it. */
  console: z.string().optional(),
  /** Who holds which duty (signed-in callers only; empty while the database is away). */
  duties: z.array(DutyHolder).optional(),
  /** Null for a caller not signed in. */
  ingest: IngestBacklog.nullable().optional(),
});
export type SystemStatus = z.infer<typeof SystemStatus>;

export const Health = z.object({ ok: z.boolean(), checkedAt: z.string(), error: z.string().nullable() });
export type Health = z.infer<typeof Health>;
