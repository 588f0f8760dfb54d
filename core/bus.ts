import { EventEmitter, on } from 'node:events';
import type { IngestStatus, SensorLive, SystemStatus, VehicleLive } from './contract/index.js';

/** One committed change, as the database announced it (see core/changes/stream.ts): kind, ids, site, sequence. */
export interface Change {
  seq: number;
  kind: string;
  id: string | null;
  siteId: string | null;
  action: 'insert' | 'update' | 'delete';
  /** A second id the kind needs: a case event's case type. */
  ref: string | null;
}

const OPS_KINDS = new Set(['alert', 'incident', 'resource', 'ticket']);
const CITY_KINDS = new Set(['request', 'report', 'announcement', 'asset']);
const CASE_KIND: Record<string, BusEvents['ops.changed']['kind'] | BusEvents['city.changed']['kind']> = {
  incident: 'incident', ticket: 'ticket', service_request: 'request', report: 'report',
};

/**
 * Events core modules publish to each other and to subscriptions. The `*.changed`
 * events come only from the database's change stream (`Bus.announce`), after commit:
 * nothing emits them by hand.
 */
export interface BusEvents {
  /** Every committed change. */
  change: Change;
  /** Changes were missed for good (pruned while the stream was lost): views reload everything. */
  'changes.reset': { seq: number };
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
  /** Puts one committed change on the bus, and on the per-area events views follow. */
  announce(c: Change): void {
    this.emit('change', c);
    if (c.id === null) return;
    if (c.kind === 'mission') this.emit('missions.changed', { id: c.id });
    else if (OPS_KINDS.has(c.kind)) this.emit('ops.changed', { kind: c.kind as BusEvents['ops.changed']['kind'], id: c.id });
    else if (CITY_KINDS.has(c.kind)) this.emit('city.changed', { kind: c.kind as BusEvents['city.changed']['kind'], id: c.id });
    else if (c.kind === 'case' && c.ref) {
      const caseType = c.ref as BusEvents['cases.changed']['caseType'];
      this.emit('cases.changed', { caseType, id: c.id });
      const area = CASE_KIND[caseType];
      if (area === 'incident' || area === 'ticket') this.emit('ops.changed', { kind: area, id: c.id });
      else if (area) this.emit('city.changed', { kind: area as 'request' | 'report', id: c.id });
    }
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
