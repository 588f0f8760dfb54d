import type { Queryable } from '../../db/index.js';
import type { ConnectionEvent, QuarantineEntry, TelemetryPoint } from '../contract/index.js';
import { resolutionFor, telemetryRows } from './resolution.js';

export async function connectionHistory(db: Queryable, vehicleId: string, limit = 50): Promise<ConnectionEvent[]> {
  const rows = await db.query<{ ts: Date; state: ConnectionEvent['state']; detail: string | null }>(
    'SELECT ts, state, detail FROM fleet.vehicle_connections WHERE vehicle_id = $1 ORDER BY ts DESC LIMIT $2',
    [vehicleId, limit],
  );
  return rows.map((r) => ({ ts: r.ts.toISOString(), state: r.state, detail: r.detail }));
}

/**
 * Battery and speed from `from` to `to` (null: no end), averaged per `bucketSeconds`, oldest first, read from
 * the stored resolution that fits the bucket (every row, per second or per minute).
 */
export async function telemetrySeries(db: Queryable, vehicleId: string, from: Date, to: Date | null, bucketSeconds: number): Promise<TelemetryPoint[]> {
  const rows = await db.query<{ bucket: Date; battery: number | null; speed: number | null }>(
    `SELECT to_timestamp(floor(extract(epoch FROM ts) / $4) * $4) AS bucket,
       sum(battery_sum) / nullif(sum(battery_n), 0) AS battery, sum(speed_sum) / nullif(sum(speed_n), 0) AS speed
     FROM (${telemetryRows(resolutionFor(bucketSeconds), '$1::uuid', '$2::timestamptz', '$3::timestamptz')}) r GROUP BY 1 ORDER BY 1`,
    [vehicleId, from.toISOString(), to?.toISOString() ?? 'infinity', bucketSeconds],
  );
  return rows.map((r) => ({ ts: r.bucket.toISOString(), battery: r.battery, speed: r.speed }));
}

export async function listQuarantine(db: Queryable, limit: number): Promise<QuarantineEntry[]> {
  const rows = await db.query<{
    id: string; received_at: Date; topic: string; reason: string; payload: string; payload_bytes: number; truncated: boolean; repeats: number; last_received_at: Date | null;
  }>(
    `SELECT id, received_at, topic, reason, left(payload, 4096) AS payload, payload_bytes, truncated, repeats, last_received_at
     FROM ingest.quarantine ORDER BY received_at DESC, id DESC LIMIT $1`,
    [limit],
  );
  return rows.map((r) => ({
    id: r.id, receivedAt: r.received_at.toISOString(), topic: r.topic, reason: r.reason, payload: r.payload,
    payloadBytes: r.payload_bytes, truncated: r.truncated, repeats: r.repeats, lastReceivedAt: r.last_received_at?.toISOString() ?? null,
  }));
}
