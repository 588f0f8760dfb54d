// What one ingest batch holds: rows of every kind received in a short interval, written
// in one transaction (writer.ts) or kept in the outbox while the database is away (outbox.ts).
import type { VehicleLive } from '../contract/index.js';
import type { AlertClear, NewAlert } from '../ops/alerts.js';
import type { QuarantineRow } from './gate.js';
import type { Repeats } from './quarantine-sampler.js';

export interface TelemetryRow {
  vehicle_id: string; ts: string; map_id: string | null; x: number | null; y: number | null; lat: number | null; lon: number | null;
  heading: number | null; speed: number | null; battery: number | null; driving: boolean; error_count: number;
}
export interface ConnectionRow { vehicle_id: string; ts: string; state: string; detail: string | null }
export interface ReadingRow {
  sensor_id: string; ts: string; kind: string; value: number; unit: string | null; lat: number | null; lon: number | null;
  /** Sent again by the broker (MQTT DUP): stored only if the same reading is not (see writeBatch). */
  again?: boolean;
}

export interface Batch {
  telemetry: TelemetryRow[];
  vehicles: Map<string, VehicleLive>;
  connections: ConnectionRow[];
  readings: ReadingRow[];
  quarantine: QuarantineRow[];
  /** Refusals only counted (see QuarantineSampler), added to the last sample kept of each. */
  repeats: Repeats[];
  /**
   * External systems' alerts (core/ops/alert-feed.ts), upserted by source and external id,
   * and their clears, in the order received (a raise, its clear and a raise again end open).
   */
  alerts?: (NewAlert | AlertClear)[];
}
export const emptyBatch = (): Batch => ({ telemetry: [], vehicles: new Map(), connections: [], readings: [], quarantine: [], repeats: [], alerts: [] });
export const size = (b: Batch) => b.telemetry.length + b.vehicles.size + b.connections.length + b.readings.length + b.quarantine.length + b.repeats.length + (b.alerts?.length ?? 0);

