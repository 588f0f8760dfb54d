// Batched writes for ingest: everything received in a short interval is committed in
// one transaction, so ingest keeps up at full rate. A failed batch is kept and retried.
import type { Db, Queryable } from '../../db/index.js';
import type { VehicleLive } from '../contract/index.js';
import type { Logger } from '../logger.js';
import type { QuarantineRow } from './gate.js';
import type { Repeats } from './quarantine-sampler.js';

export interface TelemetryRow {
  vehicle_id: string; ts: string; map_id: string | null; x: number | null; y: number | null; lat: number | null; lon: number | null;
  heading: number | null; speed: number | null; battery: number | null; driving: boolean; error_count: number;
}
export interface ConnectionRow { vehicle_id: string; ts: string; state: string; detail: string | null }
export interface ReadingRow { sensor_id: string; ts: string; kind: string; value: number; unit: string | null; lat: number | null; lon: number | null }

export interface Batch {
  telemetry: TelemetryRow[];
  vehicles: Map<string, VehicleLive>;
  connections: ConnectionRow[];
  readings: ReadingRow[];
  quarantine: QuarantineRow[];
  /** Refusals only counted (see QuarantineSampler), added to the last sample kept of each. */
  repeats: Repeats[];
}
const emptyBatch = (): Batch => ({ telemetry: [], vehicles: new Map(), connections: [], readings: [], quarantine: [], repeats: [] });
const size = (b: Batch) => b.telemetry.length + b.vehicles.size + b.connections.length + b.readings.length + b.quarantine.length + b.repeats.length;

/**
 * Rows as one JSON parameter. PostgreSQL text cannot hold NUL and jsonb refuses lone
 * surrogates; JSON.stringify writes both as escapes, which become U+FFFD here, so
 * that no string from a message can make a batch fail.
 */
export const json = (rows: unknown[]) => {
  const text = JSON.stringify(rows);
  return text.includes('\\u') ? text.replace(/(?<=(?:^|[^\\])(?:\\\\)*)\\u(0000|d[89a-f][0-9a-f]{2})/gi, '\\ufffd') : text;
};

/** The statements of one batch; also what the benchmark measures as the raw insert rate. */
export async function writeBatch(tx: Queryable, b: Batch): Promise<void> {
  if (b.telemetry.length) {
    await tx.query(
      `INSERT INTO fleet.telemetry (vehicle_id, ts, map_id, x, y, lat, lon, heading, speed, battery, driving, error_count)
       SELECT * FROM jsonb_to_recordset($1::jsonb) AS t(vehicle_id uuid, ts timestamptz, map_id text, x float8, y float8,
         lat float8, lon float8, heading float8, speed float8, battery float8, driving boolean, error_count smallint)`,
      [json(b.telemetry)],
    );
  }
  if (b.vehicles.size) {
    const rows = [...b.vehicles.values()].map((v) => ({
      id: v.id, status: v.status, connection: v.connection, map_id: v.mapId, x: v.x, y: v.y, lat: v.lat, lon: v.lon,
      heading: v.heading, speed: v.speed, battery: v.battery, charging: v.charging, driving: v.driving, paused: v.paused,
      operating_mode: v.operatingMode, order_id: v.orderId, last_node_id: v.lastNodeId, errors: v.errors, information: v.information, loads: v.loads, last_heartbeat: v.lastHeartbeat,
    }));
    await tx.query(
      `UPDATE fleet.vehicles v SET status = s.status, connection = s.connection, map_id = s.map_id, x = s.x, y = s.y,
         lat = s.lat, lon = s.lon, heading = s.heading, speed = s.speed, battery = s.battery, charging = s.charging,
         driving = s.driving, paused = s.paused, operating_mode = s.operating_mode, order_id = s.order_id,
         last_node_id = s.last_node_id, errors = s.errors, information = s.information, loads = s.loads, last_heartbeat = s.last_heartbeat
       FROM jsonb_to_recordset($1::jsonb) AS s(id uuid, status text, connection text, map_id text, x float8, y float8,
         lat float8, lon float8, heading float8, speed float8, battery float8, charging boolean, driving boolean,
         paused boolean, operating_mode text, order_id text, last_node_id text, errors jsonb, information jsonb, loads jsonb, last_heartbeat timestamptz)
       WHERE v.id = s.id`,
      [json(rows)],
    );
  }
  if (b.connections.length) {
    await tx.query(
      `INSERT INTO fleet.vehicle_connections (vehicle_id, ts, state, detail)
       SELECT * FROM jsonb_to_recordset($1::jsonb) AS c(vehicle_id uuid, ts timestamptz, state text, detail text)`,
      [json(b.connections)],
    );
  }
  if (b.readings.length) {
    await tx.query(
      `INSERT INTO fleet.sensor_readings (sensor_id, ts, kind, value, unit, lat, lon)
       SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(sensor_id uuid, ts timestamptz, kind text, value float8, unit text, lat float8, lon float8)`,
      [json(b.readings)],
    );
    await tx.query(
      `UPDATE fleet.sensors s SET last_value = r.value, last_ts = r.ts
       FROM (SELECT DISTINCT ON (sensor_id) sensor_id, ts, value
             FROM jsonb_to_recordset($1::jsonb) AS x(sensor_id uuid, ts timestamptz, value float8)
             ORDER BY sensor_id, ts DESC) r
       WHERE s.id = r.sensor_id AND (s.last_ts IS NULL OR s.last_ts <= r.ts)`,
      [json(b.readings)],
    );
  }
  if (b.quarantine.length) {
    const rows = b.quarantine.map((q) => ({
      received_at: q.receivedAt, topic: q.topic, reason: q.reason, payload: q.payload, payload_bytes: q.payloadBytes, truncated: q.truncated,
      source: q.source ?? null, reason_class: q.reasonClass ?? null,
    }));
    await tx.query(
      `INSERT INTO ingest.quarantine (received_at, topic, reason, payload, payload_bytes, truncated, source, reason_class)
       SELECT * FROM jsonb_to_recordset($1::jsonb) AS q(received_at timestamptz, topic text, reason text, payload text, payload_bytes integer,
         truncated boolean, source text, reason_class text)`,
      [json(rows)],
    );
  }
  for (const r of b.repeats) {
    await tx.query(
      `UPDATE ingest.quarantine SET repeats = repeats + $3, last_received_at = greatest(last_received_at, $4::timestamptz)
       WHERE id = (SELECT id FROM ingest.quarantine WHERE source = $1 AND reason_class = $2 ORDER BY received_at DESC, id DESC LIMIT 1)`,
      [r.source, r.reasonClass, r.count, r.lastAt],
    );
  }
}

export class BatchWriter {
  private pending = emptyBatch();
  private flushing: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private failures = 0;
  private vehiclesAt = 0;
  /** Called after each committed batch (the benchmark measures latency here). */
  onCommit: ((b: Batch) => void) | null = null;

  constructor(
    private readonly db: Db,
    private readonly log: Logger,
    /**
     * Rows are committed every `intervalMs` or `maxRows`; vehicles' latest state at most
     * every `vehicleIntervalMs` (the live view is fed from memory, the table is for
     * queries and other consoles, and rewriting every vehicle 20 times a second halves
     * the ingest rate on PGlite).
     */
    private readonly opts: { intervalMs: number; maxRows: number; vehicleIntervalMs: number; maxQueued?: number } = { intervalMs: 50, maxRows: 2000, vehicleIntervalMs: 1000 },
  ) {}

  /** Telemetry and readings dropped, oldest first, while the database was away and the queue was full. */
  dropped = 0;

  /** Counted refusals to add to each batch as it is written (the fleet's QuarantineSampler). */
  pullRepeats: () => Repeats[] = () => [];

  get queued(): number {
    return size(this.pending);
  }

  add(fill: (b: Batch) => void): void {
    fill(this.pending);
    // While the database is away the retry timer stands, whatever arrives meanwhile.
    if (this.failures > 0) this.bound();
    else if (size(this.pending) >= this.opts.maxRows) void this.flush(false);
    else this.arm(this.opts.intervalMs);
  }

  /** Keeps the queue within `maxQueued` rows by dropping the oldest telemetry, then readings (never states, connections or quarantine). */
  private bound(): void {
    let over = size(this.pending) - (this.opts.maxQueued ?? 200_000);
    for (const list of [this.pending.telemetry, this.pending.readings] as unknown[][]) {
      const n = Math.min(Math.max(over, 0), list.length);
      list.splice(0, n);
      this.dropped += n;
      over -= n;
    }
  }

  private timerAt = 0;

  /** Flushes in `ms` unless a flush is already due sooner. */
  private arm(ms: number): void {
    const at = Date.now() + ms;
    if (this.timer && this.timerAt <= at) return;
    if (this.timer) clearTimeout(this.timer);
    this.timerAt = at;
    this.timer = setTimeout(() => void this.flush(false), ms);
  }

  /**
   * Commits what is queued; resolves when everything queued before the call is
   * committed. `all` false (the timer's flush) holds vehicles' state back until due.
   */
  async flush(all = true): Promise<void> {
    while (this.flushing) await this.flushing;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batch = this.pending;
    this.pending = emptyBatch();
    batch.repeats.push(...this.pullRepeats());
    const sinceVehicles = Date.now() - this.vehiclesAt;
    if (!all && sinceVehicles < this.opts.vehicleIntervalMs) {
      this.pending.vehicles = batch.vehicles;
      batch.vehicles = new Map();
      if (this.pending.vehicles.size) this.arm(this.opts.vehicleIntervalMs - sinceVehicles);
    }
    if (!size(batch)) return;
    if (batch.vehicles.size) this.vehiclesAt = Date.now();
    this.flushing = this.db.transaction((tx) => writeBatch(tx, batch)).then(
      () => {
        if (this.failures) this.log.info('ingest writes resumed', { failedTries: this.failures, dropped: this.dropped });
        this.failures = 0;
        this.onCommit?.(batch);
      },
      async (err: unknown) => {
        // A database that answers refused something in this batch: find it row by row.
        if (await this.db.query('SELECT 1').then(() => true, () => false)) return this.rowByRow(batch, err as Error);
        // Otherwise keep the rows (older first) and retry with backoff; nothing received is dropped.
        // One line when writes start failing (and one when they resume), not one per try.
        if (++this.failures === 1) this.log.error('ingest writes failing; holding rows in memory and retrying with backoff', { err: (err as Error).message, rows: size(batch) });
        this.prepend(batch);
        this.bound();
        this.arm(Math.min(100 * 2 ** this.failures, 10_000));
      },
    ).finally(() => (this.flushing = null));
    await this.flushing;
  }

  /**
   * Writes each row on its own; a row the database refuses is logged and kept in the
   * quarantine (as JSON, with the database's reason) instead of blocking the rest.
   */
  private async rowByRow(batch: Batch, err: Error): Promise<void> {
    this.log.warn('ingest batch refused; writing it row by row', { err: err.message, rows: size(batch) });
    const one = (fill: (b: Batch) => void) => {
      const b = emptyBatch();
      fill(b);
      return b;
    };
    const singles: Batch[] = [
      ...batch.telemetry.map((r) => one((b) => b.telemetry.push(r))),
      ...[...batch.vehicles].map(([id, v]) => one((b) => b.vehicles.set(id, v))),
      ...batch.connections.map((r) => one((b) => b.connections.push(r))),
      ...batch.readings.map((r) => one((b) => b.readings.push(r))),
      ...batch.quarantine.map((r) => one((b) => b.quarantine.push(r))),
      ...batch.repeats.map((r) => one((b) => b.repeats.push(r))),
    ];
    for (const b of singles) {
      await this.db.transaction((tx) => writeBatch(tx, b)).catch(async (e: Error) => {
        this.log.error('the database refused an ingest row', { err: e.message });
        const row = JSON.stringify({ ...b, vehicles: [...b.vehicles.values()] });
        const q: QuarantineRow = {
          receivedAt: new Date().toISOString(), topic: '(ingest batch)', reason: `the database refused it: ${e.message}`,
          payload: row.slice(0, 65536), payloadBytes: row.length, truncated: row.length > 65536,
        };
        await this.db.transaction((tx) => writeBatch(tx, { ...emptyBatch(), quarantine: [q] })).catch(() => {});
      });
    }
    this.failures = 0;
    this.onCommit?.(batch);
  }

  private prepend(b: Batch): void {
    const p = this.pending;
    for (const [id, v] of p.vehicles) b.vehicles.set(id, v);
    this.pending = {
      telemetry: [...b.telemetry, ...p.telemetry], vehicles: b.vehicles, connections: [...b.connections, ...p.connections],
      readings: [...b.readings, ...p.readings], quarantine: [...b.quarantine, ...p.quarantine], repeats: [...b.repeats, ...p.repeats],
    };
  }

  async stop(): Promise<void> {
    await this.flush();
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
