import { EventEmitter, on } from 'node:events';
import type { SystemStatus } from './contract/index.js';

/** Events core modules publish to each other and to subscriptions. */
export interface BusEvents {
  'system.status': SystemStatus;
}

export class Bus {
  private readonly emitter = new EventEmitter({ captureRejections: true });
  constructor() {
    this.emitter.setMaxListeners(0);
  }
  emit<K extends keyof BusEvents>(name: K, event: BusEvents[K]): void {
    this.emitter.emit(name, event);
  }
  /** Async iterator over events until `signal` aborts (for tRPC subscriptions). */
  async *stream<K extends keyof BusEvents>(name: K, signal?: AbortSignal): AsyncGenerator<BusEvents[K]> {
    try {
      for await (const [event] of on(this.emitter, name, { signal })) yield event as BusEvents[K];
    } catch (err) {
      if ((err as Error).name !== 'AbortError') throw err;
    }
  }
}
