// External systems' alerts from MQTT: through the gate into ops.alerts, refusals into quarantine.
// A message with `cleared: true` clears the source's open alert of that id. An alert and a
// clear go through the ingest writer (one console writes, batched, kept in the outbox while the
// database is away), and is acknowledged to the broker once stored or in the outbox.
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import type { Fleet } from '../fleet/fleet.js';
import type { BrokerConnection } from '../mqtt/connection.js';
import { ALERT_TOPIC, inspectAlert } from './gate.js';
import type { AlertDeps } from './raise.js';

export function subscribeAlerts(broker: BrokerConnection, deps: AlertDeps & { fleet: Fleet; config: Config; clock: Clock }): void {
  broker.subscribe(ALERT_TOPIC, (topic, payload, _again, retained) => {
    const { fleet, config, clock } = deps;
    fleet.received();
    const now = clock.now();
    const v = inspectAlert(topic, payload, { maxBytes: config.ingestMaxBytes, now, places: fleet.places });
    if (!v.ok) return fleet.quarantine(topic, payload, v.reason, retained);
    const { alert: a, siteId, source, raw } = v.value;
    // Cleared in order with what is queued (its raise, likely), and kept in the outbox like a raise.
    if (a.cleared) return fleet.writer.add((b) => b.alerts!.push({ cleared: true, siteId, source, externalId: a.externalId, reason: `Cleared by its source, ${source}.`, at: now }), true);
    return fleet.writer.add((b) => b.alerts!.push({
      siteId, source, externalId: a.externalId, type: a.type, severity: a.severity, title: a.title, description: a.description ?? null,
      lat: a.location?.lat ?? null, lon: a.location?.lon ?? null, address: a.location?.address ?? null, raw,
      occurredAt: a.occurredAt ? new Date(a.occurredAt) : now, receivedAt: now,
    }), true);
  });
}
