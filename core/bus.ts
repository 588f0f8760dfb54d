import { EventEmitter, on } from 'node:events';
import type { IngestStatus, SensorLive, SystemStatus, VehicleLive } from './contract/index.js';

/** Events core modules publish to each other and to subscriptions. */
export interface BusEvents {
  'system.status': SystemStatus;
  /** A vehicle's view changed (every message; subscribers coalesce). */
  'fleet.vehicle': VehicleLive;
  'fleet.sensor': SensorLive;
  'fleet.ingest': IngestStatus;
  /** A mission or its timeline changed. */
  'missions.changed': { id: string };
  /** An alert, incident, resource or ticket changed. */
  'ops.changed': { kind: 'alert' | 'incident' | 'resource' | 'ticket'; id: string };
  /** A service request, public report, announcement or asset changed. */
  'city.changed': { kind: 'request' | 'report' | 'announcement' | 'asset'; id: string };
  /** A case's timeline gained an entry. */
  'cases.changed': { caseType: 'incident' | 'service_request' | 'report' | 'ticket'; id: string };
}

export class Bus {
  private readonly emitter = new EventEmitter();
  constructor() {
    this.emitter.setMaxListeners(0);
  }
  emit<K extends keyof BusEvents>(name: K, event: BusEvents[K]): void {
    this.emitter.emit(name, event);
  }
  /** Calls `fn` for every event until the returned function is called. */
  on<K extends keyof BusEvents>(name: K, fn: (event: BusEvents[K]) => void): () => void {
    this.emitter.on(name, fn);
    return () => this.emitter.off(name, fn);
  }
  /**
   * Events from now on until `signal` aborts. Listening starts at the call,
   * not at the first read, so nothing emitted in between is lost.
   */
  subscribe<K extends keyof BusEvents>(name: K, signal?: AbortSignal): AsyncIterable<BusEvents[K]> {
    const events = on(this.emitter, name, { signal });
    return {
      async *[Symbol.asyncIterator]() {
        try {
          for await (const [event] of events) yield event as BusEvents[K];
        } catch (err) {
          if ((err as Error).name !== 'AbortError') throw err;
        }
      },
    };
  }
}
