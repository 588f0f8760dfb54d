// Batched writes for ingest: everything received in a short interval is committed in
// one transaction, so ingest keeps up at full rate. While the database is away batches
// go to the outbox on local disk (outbox.ts), drained oldest first when it answers; with
// no outbox they wait in memory. `add` resolves once its rows are committed or on disk,
// which is when the console acknowledges the message to the broker.
import { copyText, type Db, type Queryable } from '../../db/index.js';
import type { IngestBacklog } from '../contract/index.js';
import type { Logger } from '../logger.js';
import { upsertAlert } from '../ops/alerts.js';
import { clearEpisode } from '../ops/episodes.js';
import { emptyBatch, size, type Batch, type ReadingRow, type TelemetryRow } from './batch.js';
import type { QuarantineRow } from './gate.js';
import { outboxProblem, type Outbox } from './outbox.js';
import type { Repeats } from './quarantine-sampler.js';

export { emptyBatch, type Batch, type ConnectionRow, type ReadingRow, type TelemetryRow } from './batch.js';

/**
 * Rows as one JSON parameter. PostgreSQL text cannot hold NUL and jsonb refuses lone
 * surrogates; JSON.stringify writes both as escapes, which become U+FFFD here, so
 * that no string from a message can make a batch fail.
 */
export const json = (rows: unknown[]) => {
  const text = JSON.stringify(rows);
  return text.includes('\\u') ? text.replace(/(?<=(?:^|[^\\])(?:\\\\)*)\\u(0000|d[89a-f][0-9a-f]{2})/gi, '\\ufffd') : text;
};

/** The readings without those sent again (`again`) that the batch already has. */
function once(rows: ReadingRow[]): ReadingRow[] {
  if (!rows.some((r) => r.again)) return rows;
  const seen = new Set<string>();
  return rows.filter((r) => {
    const key = `${r.sensor_id} ${Date.parse(r.ts)} ${r.value}`;
    if (r.again && seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** fleet.telemetry's columns as ingest writes them, and their types. */
export const TELEMETRY_KEYS = ['vehicle_id', 'ts', 'map_id', 'x', 'y', 'lat', 'lon', 'heading', 'speed', 'battery', 'driving', 'error_count'] as const;
export const TELEMETRY_TYPES = ['uuid', 'timestamptz', 'text', 'float8', 'float8', 'float8', 'float8', 'float8', 'float8', 'float8', 'boolean', 'smallint'] as const;
/** The columns with their types, as a record's definition (`jsonb_to_recordset(…) AS t(…)`). */
export const TELEMETRY_RECORD = TELEMETRY_KEYS.map((k, i) => `${k} ${TELEMETRY_TYPES[i]}`).join(', ');

/** Telemetry rows as one jsonb parameter: on PostgreSQL the cheapest write (`npm run bench -- ingest`, rawInsertPaths). */
export const telemetryByJsonb = (tx: Queryable, rows: TelemetryRow[]) => tx.query(
  `INSERT INTO fleet.telemetry (${TELEMETRY_KEYS.join(', ')}) SELECT * FROM jsonb_to_recordset($1::jsonb)
   AS t(${TELEMETRY_RECORD})`,
  [json(rows)],
);

/** Telemetry rows: by COPY where the engine offers it (PGlite), else as one jsonb parameter. */
export async function writeTelemetry(tx: Queryable, rows: TelemetryRow[]): Promise<void> {
  if (tx.copyIn) await tx.copyIn(`fleet.telemetry (${TELEMETRY_KEYS.join(', ')})`, copyText(rows, TELEMETRY_KEYS));
  else await telemetryByJsonb(tx, rows);
}

/** The statements of one batch; also what the benchmark measures as the raw insert rate. */
export async function writeBatch(tx: Queryable, b: Batch): Promise<void> {
  if (b.telemetry.length) await writeTelemetry(tx, b.telemetry);
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
    const readings = once(b.readings);
    // A reading the broker sent again was stored already if its acknowledgement was lost (a console killed just after storing it).
    await tx.query(
      `INSERT INTO fleet.sensor_readings (sensor_id, ts, kind, value, unit, lat, lon)
       SELECT sensor_id, ts, kind, value, unit, lat, lon
       FROM jsonb_to_recordset($1::jsonb) AS r(sensor_id uuid, ts timestamptz, kind text, value float8, unit text, lat float8, lon float8, again boolean)
       WHERE r.again IS NOT TRUE
          OR NOT EXISTS (SELECT 1 FROM fleet.sensor_readings x WHERE x.sensor_id = r.sensor_id AND x.ts = r.ts AND x.value = r.value)`,
      [json(readings)],
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
      source: q.source ?? null, reason_class: q.reasonClass ?? null, retained_digest: q.retainedDigest ?? null,
    }));
    // A retained copy another console (or an earlier run) kept already is not kept again.
    await tx.query(
      `INSERT INTO ingest.quarantine (received_at, topic, reason, payload, payload_bytes, truncated, source, reason_class, retained_digest)
       SELECT received_at, topic, reason, payload, payload_bytes, truncated, source, reason_class, decode(retained_digest, 'hex')
       FROM jsonb_to_recordset($1::jsonb) AS q(received_at timestamptz, topic text, reason text, payload text, payload_bytes integer,
         truncated boolean, source text, reason_class text, retained_digest text)
       ON CONFLICT (retained_digest) WHERE retained_digest IS NOT NULL DO NOTHING`,
      [json(rows)],
    );
  }
  for (const a of b.alerts ?? []) await ('cleared' in a ? clearEpisode(tx, a, a.reason, a.at) : upsertAlert(tx, a));
  for (const r of b.repeats) {
    await tx.query(
      `UPDATE ingest.quarantine SET repeats = repeats + $3, last_received_at = greatest(last_received_at, $4::timestamptz)
       WHERE id = (SELECT id FROM ingest.quarantine WHERE source = $1 AND reason_class = $2 ORDER BY received_at DESC, id DESC LIMIT 1)`,
      [r.source, r.reasonClass, r.count, r.lastAt],
    );
  }
}

/**
 * Writes the rows of a standby window that the console which held the ingest duty did
 * not: per vehicle or sensor, those newer than the newest stored. A batch is committed
 * whole or not at all, so what the last holder stored is a prefix of what every console
 * received, and nothing is written twice.
 */
export async function writeMissing(tx: Queryable, b: Pick<Batch, 'telemetry' | 'connections' | 'readings'>): Promise<number> {
  let n = 0;
  const missing = async (table: string, key: string, cols: string, types: string, rows: unknown[]) => {
    if (!rows.length) return;
    const done = await tx.query(
      `INSERT INTO ${table} (${cols}) SELECT ${cols} FROM jsonb_to_recordset($1::jsonb) AS r(${types})
       WHERE r.ts > coalesce((SELECT max(ts) FROM ${table} x WHERE x.${key} = r.${key}), '-infinity') RETURNING 1`,
      [json(rows)]);
    n += done.length;
  };
  await missing('fleet.telemetry', 'vehicle_id', 'vehicle_id, ts, map_id, x, y, lat, lon, heading, speed, battery, driving, error_count',
    'vehicle_id uuid, ts timestamptz, map_id text, x float8, y float8, lat float8, lon float8, heading float8, speed float8, battery float8, driving boolean, error_count smallint', b.telemetry);
  await missing('fleet.vehicle_connections', 'vehicle_id', 'vehicle_id, ts, state, detail', 'vehicle_id uuid, ts timestamptz, state text, detail text', b.connections);
  await missing('fleet.sensor_readings', 'sensor_id', 'sensor_id, ts, kind, value, unit, lat, lon',
    'sensor_id uuid, ts timestamptz, kind text, value float8, unit text, lat float8, lon float8', once(b.readings));
  return n;
}

/** A pause in arriving rows this long flushes them (see `add`). */
const IDLE_MS = 5;

/** The most vehicles' rows one batch rewrites (see BatchWriter's `vehicleIntervalMs`). */
export const VEHICLE_ROWS = 2000;

/** How far back a console that does not hold the ingest duty keeps what it received, to write it if it takes the duty over. */
export const STANDBY_WINDOW_MS = 30_000;

export class BatchWriter {
  private pending = emptyBatch();
  /** Rows received while another console writes (see `writes`). */
  private standby: Pick<Batch, 'telemetry' | 'connections' | 'readings'> = { telemetry: [], connections: [], readings: [] };
  /**
   * Whether this console writes ingest rows (it holds the ingest duty). One that does
   * not keeps a window of what it received instead, and `takeOver` writes what the
   * last holder had not.
   */
  writes: () => boolean = () => true;
  /** Whether another console is known to be writing now: only then is the standby window trimmed to STANDBY_WINDOW_MS. */
  othersWrite: () => boolean = () => false;
  /** The transaction under way; it never rejects (a failed drain is the drain's own to handle), so others only wait for it. */
  private flushing: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private failures = 0;
  private vehiclesAt = 0;
  /** Called after each committed batch (the benchmark measures latency here). */
  onCommit: ((b: Batch) => void) | null = null;
  /** Where batches wait while the database is away; null: in memory (bounded by `maxQueued`), lost if the console dies. */
  outbox: Outbox | null = null;
  /** Why the outbox cannot be used, for the status; null while it can. */
  outboxProblem: string | null = null;
  /** Resolves each `add` of the pending batch once its rows are committed or in the outbox. */
  private waiting: (() => void)[] = [];
  private retry: NodeJS.Timeout | null = null;
  private draining = false;

  constructor(
    private readonly db: Db,
    private readonly log: Logger,
    /**
     * Rows are committed every `intervalMs` or `maxRows`; vehicles' latest state at most
     * every `vehicleIntervalMs` (the live view is fed from memory, the table is for
     * queries and other consoles, and rewriting every vehicle 20 times a second halves
     * the ingest rate on PGlite), and at most `maxVehicleRows` (VEHICLE_ROWS) of them at a
     * time, those waiting longest first: rewriting 10,000 rows a second (50,000 vehicles
     * at 0.2 Hz) took half of PGlite's thread.
     */
    private readonly opts: { intervalMs: number; maxRows: number; vehicleIntervalMs: number; maxQueued?: number; maxVehicleRows?: number } = { intervalMs: 50, maxRows: 2000, vehicleIntervalMs: 1000 },
  ) {}

  /** Telemetry and readings dropped, oldest first, while the database was away and the queue was full. */
  dropped = 0;

  /** Counted refusals to add to each batch as it is written (the fleet's QuarantineSampler). */
  pullRepeats: () => Repeats[] = () => [];

  get queued(): number {
    return size(this.pending);
  }

  /** What waits to be written and where: rows count only while the database is away or the outbox drains. */
  get backlog(): IngestBacklog {
    const inMemory = this.failures > 0 ? this.queued : 0;
    return {
      outbox: this.outbox ? 'disk' : 'memory', problem: this.outboxProblem,
      waiting: inMemory + (this.outbox?.held ?? 0), dropped: this.dropped + (this.outbox?.dropped ?? 0),
    };
  }

  /**
   * Queues rows; resolves (never rejects) once they are committed, in the outbox, or left
   * to the console that writes. `acking`: a broker waits on it for an acknowledgement.
   */
  add(fill: (b: Batch) => void, acking = false): Promise<void> {
    fill(this.pending);
    const durable = new Promise<void>((ok) => this.waiting.push(ok));
    // While the database is away the retry timer stands, whatever arrives meanwhile; rows go to the outbox on time.
    if (this.failures > 0 && !this.outbox) return (this.bound(), durable);
    // Vehicles' rows wait their turn (`vehicleIntervalMs`, `maxVehicleRows`): only the rest makes a batch full.
    if (size(this.pending) - this.pending.vehicles.size >= this.opts.maxRows) this.flushSoon();
    else this.arm(this.opts.intervalMs);
    // A broker sends only so many messages ahead of their acknowledgements (Mosquitto: 20):
    // when nothing more comes for IDLE_MS, it waits for these, so they go now.
    if (!acking) return durable;
    if (this.idle) this.idle.refresh();
    else this.idle = setTimeout(() => void this.flush(false), IDLE_MS);
    return durable;
  }

  private idle: NodeJS.Timeout | null = null;

  /** The flush a full batch asked for, waiting for the transaction under way: one, however many rows arrive meanwhile. */
  private soon: Promise<void> | null = null;

  private flushSoon(): void {
    if (this.soon) return;
    if (!this.flushing) return void this.flush(false);
    const soon = (this.soon = this.flushing.then(() => {
      if (this.soon === soon) this.soon = null;
      return this.flush(false);
    }));
  }

  /** Whether batches go to the outbox: the database is away, or older rows still wait there. */
  private get spilling(): boolean {
    return this.outbox !== null && (this.failures > 0 || this.outbox.held > 0);
  }

  /** Puts a batch in the outbox; false (and no outbox from then on) if it cannot be written. */
  private spill(b: Batch, standby = false): boolean {
    if (!size(b)) return true;
    try {
      const dropped = this.outbox!.put(b, standby);
      if (dropped) this.log.warn('ingest outbox full: dropped the oldest telemetry', { dropped, total: this.outbox!.dropped });
      return true;
    } catch (err) {
      this.log.error('the ingest outbox cannot be written; holding rows in memory', { err: (err as Error).message });
      this.outboxProblem = outboxProblem('written', err);
      this.outbox = null;
      return false;
    }
  }

  /** Tries the database again in `ms`, draining the outbox if it answers. */
  private retryIn(ms: number): void {
    if (this.retry) clearTimeout(this.retry);
    this.retry = setTimeout(() => void this.drain(), ms);
  }

  /**
   * Writes the outbox to the database oldest first, a chunk per transaction, each removed
   * once committed; new batches go behind it until it is empty. Only the console holding
   * the ingest duty drains; rows kept as standby are written where newer than the newest
   * stored (writeMissing), as a console taking over does.
   */
  private async drain(): Promise<void> {
    this.retry = null;
    if (this.draining || !this.outbox || this.stopped) return;
    if (!this.writes()) return this.retryIn(1000);
    this.draining = true;
    try {
      for (;;) {
        while (this.flushing) await this.flushing;
        const next = this.outbox?.oldest(this.opts.maxRows);
        if (!next) break;
        const { batch, standby, through } = next;
        // The first chunk an earlier run left may be stored already: its readings are checked as if sent again.
        if (this.outbox?.leftover) batch.readings = batch.readings.map((r) => ({ ...r, again: true }));
        let refused = null as Error | null;
        const attempt = this.db.transaction(async (tx) => {
          if (standby) {
            await writeMissing(tx, batch);
            await writeBatch(tx, { ...batch, telemetry: [], connections: [], readings: [] });
          } else await writeBatch(tx, batch);
        }).catch(async (err: Error) => {
          if (!(await this.db.query('SELECT 1').then(() => true, () => false))) throw err;
          refused = err;
        });
        this.flushing = attempt.then(() => {}, () => {}).finally(() => (this.flushing = null));
        try {
          await attempt;
        } catch (err) {
          if (++this.failures === 1) this.log.error('ingest writes failing; keeping rows in the outbox and retrying with backoff', { err: (err as Error).message });
          return this.retryIn(Math.min(100 * 2 ** this.failures, 10_000));
        }
        if (refused) await this.rowByRow(standby ? { ...batch, telemetry: [], connections: [], readings: [] } : batch, refused);
        else this.onCommit?.(batch);
        this.outbox?.committed(through);
        if (this.outbox) this.outbox.leftover = false;
      }
      if (this.failures) this.log.info('ingest writes resumed; the outbox is drained', { failedTries: this.failures, dropped: this.dropped + (this.outbox?.dropped ?? 0) });
      this.failures = 0;
    } finally {
      this.draining = false;
    }
    if (this.stopped) return;
    if (this.outbox?.held) this.retryIn(0);
    else if (size(this.pending) || this.adopting) this.arm(0);
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
    if (this.idle) clearTimeout(this.idle);
    this.timer = this.idle = null;
    const batch = this.pending;
    this.pending = emptyBatch();
    const waiters = this.waiting;
    this.waiting = [];
    const done = () => waiters.forEach((ok) => ok());
    if (!this.writes()) return (this.keep(batch), done());
    batch.repeats.push(...this.pullRepeats());
    const sinceVehicles = Date.now() - this.vehiclesAt;
    if (!all && sinceVehicles < this.opts.vehicleIntervalMs) {
      this.pending.vehicles = batch.vehicles;
      batch.vehicles = new Map();
      if (this.pending.vehicles.size) this.arm(this.opts.vehicleIntervalMs - sinceVehicles);
    } else if (!all && batch.vehicles.size > (this.opts.maxVehicleRows ?? VEHICLE_ROWS)) {
      // A map keeps the order keys were first set in: those changed first since their last write go now.
      const order = [...batch.vehicles];
      const now = order.splice(0, this.opts.maxVehicleRows ?? VEHICLE_ROWS);
      batch.vehicles = new Map(now);
      this.pending.vehicles = new Map(order);
      this.arm(this.opts.vehicleIntervalMs);
    }
    if (this.spilling) {
      if (this.spill(batch)) {
        if (!this.retry && !this.draining) this.retryIn(0);
        return done();
      }
      this.prepend(batch);
      this.waiting = [...waiters, ...this.waiting];
      return;
    }
    const adopting = this.adopting;
    if (!size(batch) && !adopting) return done();
    if (batch.vehicles.size) this.vehiclesAt = Date.now();
    this.flushing = this.db.transaction(async (tx) => {
      if (adopting) this.adopted += await writeMissing(tx, adopting);
      await writeBatch(tx, batch);
    }).then(
      () => {
        if (adopting) this.log.info('took over ingest writes', { written: this.adopted });
        if (adopting === this.adopting) this.adopting = null;
        if (this.failures) this.log.info('ingest writes resumed', { failedTries: this.failures, dropped: this.dropped });
        this.failures = 0;
        done();
        this.onCommit?.(batch);
      },
      async (err: unknown) => {
        // A database that answers refused something in this batch: find it row by row.
        if (await this.db.query('SELECT 1').then(() => true, () => false)) {
          if (adopting && adopting === this.adopting) {
            this.adopting = null;
            this.log.error('the standby window was refused; it is not written', { rows: adopting.telemetry.length + adopting.connections.length + adopting.readings.length });
          }
          await this.rowByRow(batch, err as Error);
          return done();
        }
        // Otherwise keep the rows (in the outbox, else in memory, older first) and retry with backoff.
        // One line when writes start failing (and one when they resume), not one per try.
        if (++this.failures === 1) {
          this.log.error(`ingest writes failing; holding rows ${this.outbox ? 'in the outbox' : 'in memory'} and retrying with backoff`, { err: (err as Error).message, rows: size(batch) });
        }
        const backoff = Math.min(100 * 2 ** this.failures, 10_000);
        if (this.outbox && this.spill(batch)) {
          this.retryIn(backoff);
          return done();
        }
        this.prepend(batch);
        this.waiting = [...waiters, ...this.waiting];
        this.bound();
        this.arm(backoff);
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
      ...(batch.alerts ?? []).map((r) => one((b) => b.alerts!.push(r))),
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
    if (!this.draining) this.failures = 0;
    this.onCommit?.(batch);
  }

  /**
   * A standby's window: while another console writes, the rows of the last
   * STANDBY_WINDOW_MS (by their own time), the rest being the holder's to write; while
   * nobody is known to write (the database is away), everything: in the outbox, or in
   * memory up to `maxQueued`.
   */
  private keep(b: Batch): void {
    const others = this.othersWrite();
    if (this.outbox && !others) {
      b.repeats.push(...this.pullRepeats());
      if (this.spill(b, true)) return;
    }
    const w = this.standby;
    for (const r of b.telemetry) w.telemetry.push(r);
    for (const r of b.connections) w.connections.push(r);
    for (const r of b.readings) w.readings.push(r);
    const max = this.opts.maxQueued ?? 200_000;
    if (others) {
      this.pullRepeats();
      this.held = emptyBatch();
    } else {
      // Nobody writes yet (this console is starting, or the database is away) and there is no
      // outbox: the rest is held too, for this console to write if it takes the duty.
      const h = this.held;
      for (const [id, v] of b.vehicles) h.vehicles.set(id, v);
      h.quarantine.push(...b.quarantine);
      h.repeats.push(...b.repeats, ...this.pullRepeats());
      h.alerts!.push(...(b.alerts ?? []));
      h.quarantine.splice(0, Math.max(0, h.quarantine.length - max));
    }
    const cutoff = others ? Date.now() - STANDBY_WINDOW_MS : -Infinity;
    for (const list of [w.telemetry, w.connections, w.readings] as { ts: string }[][]) {
      let old = 0;
      while (old < list.length && Date.parse(list[old]!.ts) < cutoff) old++;
      list.splice(0, Math.max(old, list.length - max));
    }
  }

  /** What a standby holds besides its window while nobody writes and it has no outbox (see keep). */
  private held: Batch = emptyBatch();

  /** The standby window being written, ahead of (and in the same transaction as) the next batch. */
  private adopting: Pick<Batch, 'telemetry' | 'connections' | 'readings'> | null = null;
  /** Rows of the standby window written when this console took the ingest duty. */
  adopted = 0;

  /** This console took the ingest duty: with the next batch, writes what it received that the last holder did not store. */
  takeOver(): Promise<void> {
    if (this.outbox?.held && !this.retry) this.retryIn(0);
    const w = this.standby;
    this.standby = { telemetry: [], connections: [], readings: [] };
    const held = this.held;
    this.held = emptyBatch();
    if (size(held)) this.prepend(held);
    if (!w.telemetry.length && !w.connections.length && !w.readings.length) return size(held) ? this.flush(false) : Promise.resolve();
    this.adopting = w;
    return this.flush(false);
  }

  private prepend(b: Batch): void {
    const p = this.pending;
    for (const [id, v] of p.vehicles) b.vehicles.set(id, v);
    this.pending = {
      telemetry: [...b.telemetry, ...p.telemetry], vehicles: b.vehicles, connections: [...b.connections, ...p.connections],
      readings: [...b.readings, ...p.readings], quarantine: [...b.quarantine, ...p.quarantine], repeats: [...b.repeats, ...p.repeats],
      alerts: [...(b.alerts ?? []), ...(p.alerts ?? [])],
    };
  }

  private stopped = false;

  async stop(): Promise<void> {
    await this.flush();
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    if (this.retry) clearTimeout(this.retry);
    this.timer = this.retry = null;
    while (this.flushing) await this.flushing;
    this.outbox?.close();
    this.outbox = null;
  }
}
