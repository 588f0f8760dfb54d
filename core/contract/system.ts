import { z } from 'zod';
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

export const SystemStatus = z.object({
  version: z.string(),
  startedAt: z.string(),
  checkedAt: z.string(),
  database: DbStatus,
  /** Null when this core runs without MQTT (tests, tools). */
  broker: BrokerStatus.nullable(),
});
export type SystemStatus = z.infer<typeof SystemStatus>;

export const Health = z.object({ ok: z.boolean(), checkedAt: z.string(), error: z.string().nullable() });
export type Health = z.infer<typeof Health>;
