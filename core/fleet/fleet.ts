// The live fleet of one console: what every vehicle and sensor last said, kept in memory
// for the map and written in batches to the database.
import { existsSync } from 'node:fs';
import type { Db } from '../../db/index.js';
import type { Bus } from '../bus.js';
import { coalesced } from '../coalesced.js';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import { factsheetView, type FactsheetView, type IngestStatus, type VehicleLive } from '../contract/index.js';
import type { Logger } from '../logger.js';
import { quarantined, retainedDigest, type SensorMessage } from './gate.js';
import { QuarantineSampler } from './quarantine-sampler.js';
import { Places } from './places.js';
import { Registrar } from './registrar.js';
import { serviceOf, VEHICLE_COLUMNS, vehicleFromRow, type VehicleRow } from './rows.js';
import { SensorRegistry } from './sensors.js';
import { applyConnection, applyState, applyVisualization, blankVehicle, timedOut, type VdaState, type VdaVisualization } from './vehicle-state.js';
import { Outbox, outboxProblem } from './outbox.js';
import { BatchWriter } from './writer.js';

export interface AgvId { manufacturer: string; serialNumber: string }
const agvKey = (a: AgvId) => `${a.manufacturer}/${a.serialNumber}`;

export class Fleet {
  readonly vehicles = new Map<string, VehicleLive>();
  /** Each vehicle's VDA 5050 factsheet, as the panel shows it. */
  readonly factsheets = new Map<string, FactsheetView>();
  readonly places = new Places();
  readonly writer: BatchWriter;
  readonly sensors: SensorRegistry;
  readonly ingest: IngestStatus = { received: 0, quarantined: 0, lastReason: null, flooding: null };
  private readonly sampler = new QuarantineSampler();
  /** Digests of the retained copies quarantined (see quarantine), read at load. */
  private readonly retainedKept = new Set<string>();
  private readonly ids = new Map<string, Promise<string>>();
  private readonly registrar: Registrar;
  private readonly log: Logger;

  constructor(private readonly deps: {
    db: Db; clock: Clock; logger: Logger; config: Config; bus: Bus;
    /** Vehicles registered as confirmed (the demo's own simulated fleet); any other waits for fleet:manage. */
    trusted?: (agv: AgvId) => boolean;
  }) {
    this.log = deps.logger.child('fleet');
    this.writer = new BatchWriter(deps.db, this.log);
    this.registrar = new Registrar(deps.db, deps.clock);
    // The outbox lives in the data folder; a core without one (tests, tools), or whose runtime cannot load SQLite, holds rows in memory.
    try {
      if (existsSync(deps.config.dataDir)) this.writer.outbox = new Outbox({ dataDir: deps.config.dataDir, maxRows: deps.config.outboxMaxRows });
    } catch (err) {
      this.log.error('the ingest outbox cannot be opened; rows wait in memory while the database is away', { err: (err as Error).message.split('\n')[0] });
      this.writer.outboxProblem = outboxProblem('opened', err);
    }
    this.writer.pullRepeats = () => this.sampler.drain();
    this.sensors = new SensorRegistry(deps.db, this.places);
    // What people change about a vehicle (name, confirmation, service, removal), here or on another console, is read again.
    deps.bus.on('change', (c) => void (c.kind === 'vehicle' && c.id && this.rereadOne(c.id)));
    deps.bus.on('changes.reset', () => void this.reread([...this.vehicles.keys()]));
  }

  /** One vehicle's row read again, with the others changed meanwhile (a thousand registered at once: one read). */
  private readonly rereadOne = coalesced(async (ids: string[]) => (await this.reread(ids), new Map<string, void>()), () => undefined);

  /** Takes vehicles' people-owned fields from their rows into the live state; the feed owns the rest. */
  private async reread(ids: string[]): Promise<void> {
    const rows = await this.deps.db.query<Pick<VehicleRow, 'id' | 'name' | 'confirmed_at' | 'service_state' | 'service_reason' | 'service_since' | 'service_ticket_id'> & { deleted: boolean }>(
      'SELECT id, name, confirmed_at, service_state, service_reason, service_since, service_ticket_id, deleted_at IS NOT NULL AS deleted FROM fleet.vehicles WHERE id = ANY($1::uuid[])', [ids],
    ).catch((err: Error) => (this.log.warn('changed vehicles could not be read again', { err: err.message }), []));
    for (const r of rows) {
      const v = this.vehicles.get(r.id);
      if (!v) continue;
      if (r.deleted) {
        this.vehicles.delete(r.id);
        continue;
      }
      const next: VehicleLive = { ...v, name: r.name, isNew: r.confirmed_at === null, service: serviceOf(r) };
      if (JSON.stringify(next) === JSON.stringify(v)) continue;
      this.vehicles.set(r.id, next);
      this.deps.bus.emit('fleet.vehicle', next);
    }
  }

  async load(): Promise<void> {
    await this.places.load(this.deps.db);
    const rows = await this.deps.db.query<VehicleRow & { factsheet: Record<string, unknown> | null; factsheet_at: Date | null }>(`SELECT ${VEHICLE_COLUMNS}, factsheet, factsheet_at FROM fleet.vehicles WHERE deleted_at IS NULL`);
    for (const r of rows) {
      this.vehicles.set(r.id, vehicleFromRow(r));
      if (r.factsheet && r.factsheet_at) this.factsheets.set(r.id, factsheetView(r.factsheet, r.factsheet_at.toISOString()));
      this.ids.set(agvKey({ manufacturer: r.manufacturer, serialNumber: r.serial_number }), Promise.resolve(r.id));
    }
    await this.sensors.load();
    const kept = await this.deps.db.query<{ digest: string }>("SELECT encode(retained_digest, 'hex') AS digest FROM ingest.quarantine WHERE retained_digest IS NOT NULL");
    for (const r of kept) this.retainedKept.add(r.digest);
  }

  /** A vehicle's id; one not seen before is registered (audited) and flagged as new. */
  private vehicleId(agv: AgvId, mapId: string | undefined): Promise<string> {
    const key = agvKey(agv);
    let id = this.ids.get(key);
    if (!id) {
      id = this.register(agv, mapId);
      this.ids.set(key, id);
      id.catch(() => this.ids.delete(key));
    }
    return id;
  }

  private async register(agv: AgvId, mapId: string | undefined): Promise<string> {
    const siteId = mapId ? this.places.map(mapId)?.siteId ?? null : null;
    const row = await this.registrar.register({ ...agv, siteId, trusted: this.deps.trusted?.(agv) ?? false });
    if (!this.vehicles.has(row.id)) this.vehicles.set(row.id, vehicleFromRow(row));
    if (row.created) this.log.info('new vehicle registered', { manufacturer: agv.manufacturer, serialNumber: agv.serialNumber });
    return row.id;
  }

  private update(id: string, change: (v: VehicleLive) => VehicleLive, telemetry: boolean): void {
    const before = this.vehicles.get(id);
    if (!before) return;
    const v = change(before);
    this.vehicles.set(id, v);
    this.writer.add((b) => {
      b.vehicles.set(id, v);
      if (telemetry) {
        b.telemetry.push({
          vehicle_id: id, ts: v.reportedAt ?? v.lastHeartbeat!, map_id: v.mapId, x: v.x, y: v.y, lat: v.lat, lon: v.lon,
          heading: v.heading, speed: v.speed, battery: v.battery, driving: v.driving, error_count: v.errors.length,
        });
      }
      if (before.connection !== v.connection && v.connection) {
        b.connections.push({ vehicle_id: id, ts: v.lastHeartbeat ?? this.deps.clock.now().toISOString(), state: v.connection, detail: null });
      } else if (before.status === 'offline' && v.status !== 'offline' && before.connection === 'ONLINE') {
        b.connections.push({ vehicle_id: id, ts: v.lastHeartbeat!, state: 'ONLINE', detail: 'messages resumed after a timeout' });
      }
    });
    this.deps.bus.emit('fleet.vehicle', v);
  }

  private georef(mapId: string | undefined) {
    return mapId ? this.places.map(mapId) : undefined;
  }

  /** Returns the vehicle's id. */
  async onState(agv: AgvId, s: VdaState): Promise<string> {
    const at = this.deps.clock.now();
    const id = await this.vehicleId(agv, s.agvPosition?.mapId);
    this.update(id, (v) => applyState(v, s, this.georef(s.agvPosition?.mapId), at), true);
    return id;
  }

  /** A factsheet (already through the gate): kept as sent, shown in the panel, used for speed and actions. */
  async onFactsheet(agv: AgvId, f: Record<string, unknown>): Promise<void> {
    const at = this.deps.clock.now();
    const id = await this.vehicleId(agv, undefined);
    await this.deps.db.query('UPDATE fleet.vehicles SET factsheet = $2, factsheet_at = $3 WHERE id = $1', [id, JSON.stringify(f), at.toISOString()]);
    this.factsheets.set(id, factsheetView(f, at.toISOString()));
    const v = this.vehicles.get(id);
    if (v) this.deps.bus.emit('fleet.vehicle', v);
  }

  async onVisualization(agv: AgvId, s: VdaVisualization): Promise<void> {
    const at = this.deps.clock.now();
    const id = await this.vehicleId(agv, s.agvPosition?.mapId);
    this.update(id, (v) => applyVisualization(v, s, this.georef(s.agvPosition?.mapId), at), true);
  }

  async onConnection(agv: AgvId, state: 'ONLINE' | 'OFFLINE' | 'CONNECTIONBROKEN'): Promise<void> {
    const at = this.deps.clock.now();
    const id = await this.vehicleId(agv, undefined);
    this.update(id, (v) => applyConnection(v, state, at), false);
  }

  /** `again`: the broker sent it again (MQTT DUP), so it may be stored already. */
  async onSensor(m: SensorMessage, topic: string, payload: Buffer, again = false): Promise<void> {
    const sensor = await this.sensors.ensure(m);
    if (!sensor.ok) return this.quarantine(topic, payload, sensor.reason);
    const r = m.reading;
    const stored = this.writer.add((b) => b.readings.push({
      sensor_id: sensor.value.id, ts: r.ts, kind: r.kind, value: r.value, unit: r.unit ?? null, lat: r.lat ?? null, lon: r.lon ?? null, ...(again ? { again } : {}),
    }), true);
    this.deps.bus.emit('fleet.sensor', this.sensors.record(sensor.value.id, r));
    await stored;
  }

  /** Counts a message received; a refused one is kept with its reason. */
  received(): void {
    this.ingest.received++;
  }

  /**
   * Every refusal is counted; a flood from one source is kept as samples (see QuarantineSampler).
   * The broker's retained copy (`retained`) comes again on every subscribe: it is counted and kept
   * once, across restarts and consoles. Resolves once it is stored or in the outbox.
   */
  quarantine(topic: string, payload: Buffer, reason: string, retained = false): Promise<void> {
    const now = this.deps.clock.now();
    const digest = retained ? retainedDigest(topic, payload) : undefined;
    if (digest !== undefined) {
      if (this.retainedKept.has(digest)) return Promise.resolve();
      this.retainedKept.add(digest);
    }
    this.ingest.quarantined++;
    this.ingest.lastReason = reason;
    const sample = this.sampler.admit(topic, reason, now);
    let stored: Promise<void>;
    if (sample.keep) {
      const row = { ...quarantined(topic, payload, reason, this.deps.config.ingestMaxBytes, now), source: sample.source, reasonClass: sample.reasonClass, retainedDigest: digest };
      stored = this.writer.add((b) => b.quarantine.push(row), true);
    } else {
      stored = this.writer.add(() => {}, true); // the count goes with the next batch (pullRepeats)
    }
    this.deps.bus.emit('fleet.ingest', { ...this.ingest });
    return stored;
  }

  /** Names the source flooding the quarantine, if one is (every second, with the heartbeat check). */
  private checkFlood(now: Date): void {
    const before = JSON.stringify(this.ingest.flooding);
    this.ingest.flooding = this.sampler.flooding(now);
    if (JSON.stringify(this.ingest.flooding) !== before) this.deps.bus.emit('fleet.ingest', { ...this.ingest });
  }

  /** Marks vehicles silent for longer than the timeout offline, recording why. */
  checkHeartbeats(): void {
    const now = this.deps.clock.now();
    this.checkFlood(now);
    const limit = this.deps.config.vehicleTimeoutSeconds * 1000;
    for (const v of this.vehicles.values()) {
      if (!timedOut(v, now, limit)) continue;
      const next: VehicleLive = { ...v, status: 'offline', driving: false, speed: 0 };
      this.vehicles.set(v.id, next);
      this.writer.add((b) => {
        b.vehicles.set(v.id, next);
        b.connections.push({ vehicle_id: v.id, ts: now.toISOString(), state: 'TIMEOUT', detail: `no message for ${Math.round((now.getTime() - Date.parse(v.lastHeartbeat!)) / 1000)} s` });
      });
      this.deps.bus.emit('fleet.vehicle', next);
    }
  }
}
