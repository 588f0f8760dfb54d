// Alert episodes. An alert the console raises itself is about one condition at one
// source (a vehicle's error type, its battery, a sensor rule on a sensor): its
// condition key. While that alert is open, or within REOPEN_WINDOW_MS after it cleared,
// the condition coming back updates it (count, last seen, reopened) rather than adding
// another, so a flapping bumper is one alert with a count, not ten.
import type { Db, Queryable } from '../../db/index.js';
import { appendAudit } from '../audit/store.js';
import { entryFor } from '../audit/write.js';
import type { NewAlert } from './alerts.js';

export const REOPEN_WINDOW_MS = 10 * 60_000;

export type EpisodeAlert = Omit<NewAlert, 'externalId' | 'address'> & { conditionKey: string };

/** An alert that had cleared becomes open again, acknowledged if someone had acknowledged it. */
const REOPEN = `
  status = CASE WHEN status = 'auto_resolved' THEN CASE WHEN acknowledged_at IS NULL THEN 'new' ELSE 'acknowledged' END ELSE status END,
  reopened_at = CASE WHEN status = 'auto_resolved' THEN $2 ELSE reopened_at END,
  resolved_at = CASE WHEN status = 'auto_resolved' THEN NULL ELSE resolved_at END,
  resolve_reason = CASE WHEN status = 'auto_resolved' THEN NULL ELSE resolve_reason END`;

/**
 * Opens the condition's alert or updates its episode. `repeat`: the condition came
 * back (counted); otherwise it only lasted longer and may have become more severe.
 * Severity only ever becomes more urgent within an episode.
 */
export async function raiseEpisode(db: Db, a: EpisodeAlert, repeat: boolean): Promise<{ id: string; created: boolean }> {
  return db.transaction(async (tx) => {
    const [open] = await tx.query<{ id: string }>(
      `SELECT id FROM ops.alerts WHERE site_id = $1 AND source = $2 AND condition_key = $3
         AND (status IN ('new', 'acknowledged') OR (status = 'auto_resolved' AND resolved_at >= $4::timestamptz - make_interval(secs => $5)))
       ORDER BY received_at DESC LIMIT 1 FOR UPDATE`,
      [a.siteId, a.source, a.conditionKey, a.receivedAt, REOPEN_WINDOW_MS / 1000]);
    if (!open) return insertEpisode(tx, a);
    await tx.query(
      `UPDATE ops.alerts SET severity = least(severity, $3), title = $4, description = $5, lat = $6, lon = $7, raw_payload = $8,
         last_seen_at = $2, repeat_count = repeat_count + $9, ${REOPEN}
       WHERE id = $1`,
      [open.id, a.receivedAt, a.severity, a.title, a.description ?? null, a.lat ?? null, a.lon ?? null, a.raw === undefined ? null : JSON.stringify(a.raw), repeat ? 1 : 0]);
    return { id: open.id, created: false };
  });
}

async function insertEpisode(tx: Queryable, a: EpisodeAlert): Promise<{ id: string; created: boolean }> {
  const [row] = await tx.query<{ id: string }>(
    `INSERT INTO ops.alerts (site_id, source, external_id, condition_key, type, severity, title, description, lat, lon, raw_payload,
       vehicle_id, sensor_id, rule_id, occurred_at, received_at, last_seen_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $16) RETURNING id`,
    [a.siteId, a.source, `${a.conditionKey}/${a.occurredAt.toISOString()}`, a.conditionKey, a.type, a.severity, a.title, a.description ?? null,
      a.lat ?? null, a.lon ?? null, a.raw === undefined ? null : JSON.stringify(a.raw), a.vehicleId ?? null, a.sensorId ?? null, a.ruleId ?? null,
      a.occurredAt, a.receivedAt]);
  return { id: row!.id, created: true };
}

export type ClearedBy = { siteId: string; source: string } & ({ conditionKey: string } | { externalId: string });

/**
 * Clears the open alert of a condition (or an external system's alert by its id): it
 * becomes `auto_resolved`, audited as done by the console, with the reason. Returns the
 * ids it cleared; an alert already handled (dismissed, converted) is left as it is.
 */
export function resolveEpisode(db: Db, which: ClearedBy, reason: string, at: Date): Promise<string[]> {
  return db.transaction((tx) => clearEpisode(tx, which, reason, at));
}

/** resolveEpisode inside the caller's transaction (the ingest writer's, for an external system's clear). */
export async function clearEpisode(tx: Queryable, which: ClearedBy, reason: string, at: Date): Promise<string[]> {
  const byKey = 'conditionKey' in which;
  const rows = await tx.query<{ id: string; site_id: string; title: string; severity: number; lat: number | null; lon: number | null }>(
    `UPDATE ops.alerts SET status = 'auto_resolved', resolved_at = $4, resolve_reason = $5
     WHERE site_id = $1 AND source = $2 AND ${byKey ? 'condition_key' : 'external_id'} = $3 AND status IN ('new', 'acknowledged')
     RETURNING id, site_id, title, severity, lat, lon`,
    [which.siteId, which.source, byKey ? which.conditionKey : which.externalId, at, reason]);
  // The console clears it, not a user: audited with no actor.
  const system = { user: null, requestId: 'alert-episodes', path: 'ops.autoResolveAlert' };
  for (const r of rows) {
    await appendAudit(tx, entryFor(system, { resourceType: 'alert', resourceId: r.id, siteId: r.site_id, lat: r.lat, lon: r.lon }, 'success', {
      newValues: { status: 'auto_resolved', severity: Number(r.severity), title: r.title }, reason,
    }), at);
  }
  return rows.map((r) => r.id);
}

/** The console's own open alerts for some vehicles, by vehicle and condition key (for picking up after a restart). */
export async function openVehicleEpisodes(db: Queryable, vehicleIds: string[]): Promise<Map<string, Map<string, { severity: number; since: Date }>>> {
  const rows = await db.query<{ vehicle_id: string; condition_key: string; severity: number; received_at: Date; reopened_at: Date | null }>(
    `SELECT vehicle_id, condition_key, severity, received_at, reopened_at FROM ops.alerts
     WHERE source = 'fleet' AND vehicle_id = ANY($1::uuid[]) AND condition_key IS NOT NULL AND status IN ('new', 'acknowledged')`, [vehicleIds]);
  const out = new Map<string, Map<string, { severity: number; since: Date }>>();
  for (const r of rows) {
    const open = out.get(r.vehicle_id) ?? new Map();
    open.set(r.condition_key, { severity: Number(r.severity), since: r.reopened_at ?? r.received_at });
    out.set(r.vehicle_id, open);
  }
  return out;
}
