// Wires the broker to the fleet: VDA 5050 through the master controller, sensor
// readings through the console's own connection, both through the gate.
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import type { BrokerConnection } from '../mqtt/connection.js';
import type { Fleet } from './fleet.js';
import { inspectSensor, inspectVda } from './gate.js';
import { FleetMaster, fieldTarget, masterOptions, Topic, type AgvId } from './master.js';
import type { VdaOrderState } from './vda-state.js';
import type { VdaState, VdaVisualization } from './vehicle-state.js';

/** SQLSTATE classes of a value or row the database refuses: data exception, integrity constraint, program limit. */
export const refusedByDatabase = (err: unknown) => /^(22|23|54)/.test(String((err as { code?: unknown })?.code ?? ''));

export const SENSOR_TOPIC = 'watchfloor/v1/+/sensors/+/reading';

export class Ingest {
  master: FleetMaster | null = null;
  /** The broker generation the master controller was started for. */
  private generation = -1;
  private starting = false;
  /** The broker was pointed elsewhere (or reconnected) while master control was starting: start again after. */
  private again = false;
  private stopped = false;
  private readonly timers: NodeJS.Timeout[] = [];
  private unsubscribe = () => {};
  private readonly stateListeners = new Set<(vehicleId: string, s: VdaOrderState) => void>();

  constructor(private readonly deps: { fleet: Fleet; broker: BrokerConnection; config: Config; clock: Clock; log: Logger }) {}

  /** Every state message that passed the gate, after the fleet took it in. */
  onState(fn: (vehicleId: string, s: VdaOrderState) => void): () => void {
    this.stateListeners.add(fn);
    return () => this.stateListeners.delete(fn);
  }

  private async state(agv: AgvId, s: object): Promise<void> {
    const id = await this.deps.fleet.onState(agv, s as VdaState);
    for (const fn of this.stateListeners) {
      try {
        fn(id, s as VdaOrderState);
      } catch (err) {
        this.deps.log.error('a state listener failed', { err: (err as Error).message });
      }
    }
  }

  start(): void {
    const { broker, fleet, config } = this.deps;
    // A field laptop started for one vehicle takes that vehicle's topics only, and no site's sensors.
    if (!fieldTarget(config)) broker.subscribe(SENSOR_TOPIC, (topic, payload, again, retained) => this.sensor(topic, payload, again, retained));
    const startMaster = () => void this.startMaster().catch((err: unknown) => this.deps.log.error('VDA 5050 master control failed to start', { err: String(err) }));
    this.unsubscribe = broker.onChange((s) => s.state === 'connected' && startMaster());
    if (broker.status.state === 'connected') startMaster();
    const beat = setInterval(() => fleet.checkHeartbeats(), 1000);
    beat.unref();
    this.timers.push(beat);
  }

  /**
   * Messages that passed the gate, never throwing back into the MQTT client. One the
   * database refuses (a constraint, a value it cannot store) is quarantined with the
   * database's reason; an outage is only logged, since the message itself was fine.
   */
  private guard(what: string, work: () => Promise<void>, message: { topic: string; payload: Buffer } | null = null): Promise<void> {
    return work().catch((err: unknown) => {
      if (message && refusedByDatabase(err)) return this.deps.fleet.quarantine(message.topic, message.payload, `the database refused it: ${(err as Error).message}`);
      this.deps.log.error(`ingest of ${what} failed`, { err: (err as Error).message });
    });
  }

  /** Resolves once the reading (or its refusal) is committed or in the outbox: then the broker gets its acknowledgement. */
  private sensor(topic: string, payload: Buffer, again: boolean, retained: boolean): Promise<void> {
    const { fleet, config, clock } = this.deps;
    fleet.received();
    const v = inspectSensor(topic, payload, { maxBytes: config.ingestMaxBytes, now: clock.now(), places: fleet.places });
    if (!v.ok) return fleet.quarantine(topic, payload, v.reason, retained);
    return this.guard('a sensor reading', () => fleet.onSensor(v.value, topic, payload, again), { topic, payload });
  }

  private async startMaster(): Promise<void> {
    const { broker, fleet, config, clock, log } = this.deps;
    if (this.starting) return void (this.again = true);
    if (this.stopped || !broker.status.protocolVersion) return;
    if (this.master && this.generation === broker.generation) return;
    this.starting = true;
    // Pointed at another broker: the old master controller goes with the old connection.
    await this.master?.stop().catch(() => {});
    this.master = null;
    this.generation = broker.generation;
    const master = new FleetMaster(masterOptions(broker.options, config.vdaInterface, broker.status.protocolVersion), (topic, payload, validate, retained) => {
      fleet.received();
      const v = inspectVda(topic, payload, { maxBytes: config.ingestMaxBytes, now: clock.now(), places: fleet.places, validate });
      if (!v.ok) void fleet.quarantine(topic, payload, v.reason, retained);
      return v.ok ? v.value : null;
    }, (err) => log.error('a VDA 5050 handler failed', { err: err.message }), fieldTarget(config));
    try {
      await master.start();
      // `master.current` is the message being dispatched, read while its handlers run.
      master.trackAgvs((agv, state) => void this.guard('a connection message', () => fleet.onConnection(agv, state as 'ONLINE'), master.current));
      await master.subscribe(Topic.State, {}, (s, agv) => void this.guard('a state message', () => this.state(agv, s), master.current));
      await master.subscribe(Topic.Factsheet, {}, (f, agv) =>
        void this.guard('a factsheet', () => fleet.onFactsheet(agv, f as unknown as Record<string, unknown>), master.current));
      await master.subscribe(Topic.Visualization, {}, (s, agv) =>
        void this.guard('a visualization message', () => fleet.onVisualization(agv, s as unknown as VdaVisualization), master.current));
      this.master = master;
      log.info('VDA 5050 master control started', { interface: config.vdaInterface, only: config.field ? config.fieldVehicle ?? null : null });
    } catch (err) {
      // The library may reject with nothing at all (a dropped connection while it subscribes): never throw from here.
      log.warn('VDA 5050 master control could not start; will retry when the broker reconnects', { err: err instanceof Error ? err.message : String(err) });
      await master.stop().catch(() => {});
    } finally {
      this.starting = false;
    }
    // A reconfiguration while it started leaves it on the old broker, and its 'connected' came while this one ran.
    if (this.again) {
      this.again = false;
      if (broker.status.state === 'connected') await this.startMaster();
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe();
    this.timers.forEach(clearInterval);
    await this.master?.stop().catch(() => {});
    this.master = null;
  }
}
