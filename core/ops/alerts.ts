// Alerts as stored and as the inbox shows them. One row per (site, source, external id):
// a source sending the same alert again updates it instead of adding another.
import type { Queryable } from '../../db/index.js';
import type { AlertStatus, AlertView } from '../contract/index.js';
import { sitesParam } from '../org/site-access.js';

export interface NewAlert {
  siteId: string;
  source: string;
  externalId: string;
  type: string;
  severity: number;
  title: string;
  description?: string | null;
  lat?: number | null;
  lon?: number | null;
  address?: string | null;
  raw?: unknown;
  vehicleId?: string | null;
  sensorId?: string | null;
  ruleId?: string | null;
  occurredAt: Date;
  receivedAt: Date;
}

/** An external system's alert cleared by its source: its open alert clears itself (see clearEpisode). */
export interface AlertClear {
  cleared: true;
  siteId: string;
  source: string;
  externalId: string;
  reason: string;
  at: Date;
}

/**
 * Inserts the alert, or updates the one with the same source and external id (it keeps
 * its first arrival time; the repeat is counted and its time kept as last seen);
 * returns its id and whether it is new.
 */
export async function upsertAlert(db: Queryable, a: NewAlert): Promise<{ id: string; created: boolean }> {
  const [row] = await db.query<{ id: string; created: boolean }>(
    `INSERT INTO ops.alerts (site_id, source, external_id, type, severity, title, description, lat, lon, address, raw_payload,
       vehicle_id, sensor_id, rule_id, occurred_at, received_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
     ON CONFLICT (site_id, source, external_id) DO UPDATE SET
       type = EXCLUDED.type, severity = EXCLUDED.severity, title = EXCLUDED.title, description = EXCLUDED.description,
       lat = EXCLUDED.lat, lon = EXCLUDED.lon, address = EXCLUDED.address, raw_payload = EXCLUDED.raw_payload,
       occurred_at = EXCLUDED.occurred_at, last_seen_at = EXCLUDED.received_at, repeat_count = ops.alerts.repeat_count + 1,
       -- Sent again after it cleared: open again (acknowledged if someone had), counted from now for escalation.
       status = CASE WHEN ops.alerts.status <> 'auto_resolved' THEN ops.alerts.status
                     WHEN ops.alerts.acknowledged_at IS NULL THEN 'new' ELSE 'acknowledged' END,
       reopened_at = CASE WHEN ops.alerts.status = 'auto_resolved' THEN EXCLUDED.received_at ELSE ops.alerts.reopened_at END,
       resolved_at = CASE WHEN ops.alerts.status = 'auto_resolved' THEN NULL ELSE ops.alerts.resolved_at END,
       resolve_reason = CASE WHEN ops.alerts.status = 'auto_resolved' THEN NULL ELSE ops.alerts.resolve_reason END
     RETURNING id, (xmax = 0) AS created`,
    [a.siteId, a.source, a.externalId, a.type, a.severity, a.title, a.description ?? null, a.lat ?? null, a.lon ?? null, a.address ?? null,
      a.raw === undefined ? null : JSON.stringify(a.raw), a.vehicleId ?? null, a.sensorId ?? null, a.ruleId ?? null, a.occurredAt, a.receivedAt],
  );
  return row!;
}

export const ALERT_SELECT = `
  SELECT a.*, ua.email AS acknowledged_email, ud.email AS dismissed_email, i.incident_number
  FROM ops.alerts a
  LEFT JOIN iam.users ua ON ua.id = a.acknowledged_by
  LEFT JOIN iam.users ud ON ud.id = a.dismissed_by
  LEFT JOIN ops.incidents i ON i.id = a.incident_id`;

export interface AlertRow {
  id: string; site_id: string; source: string; external_id: string; type: string; severity: number; status: AlertStatus; title: string;
  description: string | null; lat: number | null; lon: number | null; address: string | null; raw_payload: unknown;
  occurred_at: Date; received_at: Date; repeat_count: number; acknowledged_email: string | null; acknowledged_at: Date | null;
  dismissed_email: string | null; dismiss_reason: string | null; incident_id: string | null; incident_number: string | null;
  escalated_at: Date | null; escalated_to: string | null; vehicle_id: string | null; version?: number;
  last_seen_at: Date | null; condition_key: string | null; resolved_at: Date | null; resolve_reason: string | null;
}

const iso = (d: Date | null) => d?.toISOString() ?? null;

export const alertView = (r: AlertRow): AlertView => ({
  id: r.id, source: r.source, externalId: r.external_id, type: r.type, severity: Number(r.severity), status: r.status, title: r.title,
  description: r.description, lat: r.lat, lon: r.lon, address: r.address, occurredAt: r.occurred_at.toISOString(), receivedAt: r.received_at.toISOString(),
  repeatCount: Number(r.repeat_count), lastSeenAt: (r.last_seen_at ?? r.received_at).toISOString(), conditionKey: r.condition_key,
  resolvedAt: iso(r.resolved_at), resolveReason: r.resolve_reason, acknowledgedBy: r.acknowledged_email, acknowledgedAt: iso(r.acknowledged_at), dismissedBy: r.dismissed_email,
  dismissReason: r.dismiss_reason, incidentId: r.incident_id, incidentNumber: r.incident_number, escalatedAt: iso(r.escalated_at),
  escalatedTo: r.escalated_to, vehicleId: r.vehicle_id, rawPayload: r.raw_payload,
});

export async function alertById(db: Queryable, id: string, lock = false): Promise<AlertRow | undefined> {
  if (lock) await db.query('SELECT 1 FROM ops.alerts WHERE id = $1 FOR UPDATE', [id]);
  const [row] = await db.query<AlertRow>(`${ALERT_SELECT} WHERE a.id = $1`, [id]);
  return row;
}

/** The inbox: open ones first, then most severe, then newest. */
export async function listAlerts(db: Queryable, q: { siteId?: string; sites?: string[] | null; statuses?: AlertStatus[]; limit: number }): Promise<AlertView[]> {
  const rows = await db.query<AlertRow>(
    `${ALERT_SELECT}
     WHERE ($1::uuid[] IS NULL OR a.site_id = ANY($1)) AND ($2::text[] IS NULL OR a.status = ANY($2))
     ORDER BY (a.status IN ('new', 'acknowledged')) DESC, a.severity, a.received_at DESC LIMIT $3`,
    [sitesParam(q), q.statuses ?? null, q.limit],
  );
  return rows.map(alertView);
}

/** Unacknowledged severe alerts: all of them for an operator, the escalated ones for everyone else. */
export async function listAlarms(db: Queryable, operator: boolean, sites: string[] | null = null): Promise<AlertView[]> {
  const rows = await db.query<AlertRow>(
    `${ALERT_SELECT} WHERE a.status = 'new' AND a.severity <= 2 AND ($1 OR a.escalated_at IS NOT NULL) AND ($2::uuid[] IS NULL OR a.site_id = ANY($2))
     ORDER BY a.severity, a.received_at DESC LIMIT 50`,
    [operator, sites],
  );
  return rows.map(alertView);
}
