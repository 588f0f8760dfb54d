import type { Db } from '../../db/index.js';
import type { Bus } from '../bus.js';
import type { Clock } from '../clock.js';
import type { IngestBacklog, SystemStatus } from '../contract/index.js';
import type { Logger } from '../logger.js';
import type { BrokerConnection } from '../mqtt/connection.js';
import { statusChanged, systemStatus } from './status.js';

/**
 * One poller per core (not per subscriber) publishes the status on the bus
 * when it changes; a broker state change is published at once.
 */
export function watchStatus(
  deps: { db: Db; clock: Clock; bus: Bus; log: Logger; broker: BrokerConnection | null; ingest: () => IngestBacklog },
  startedAt: Date,
  intervalMs: number,
): () => void {
  let last: SystemStatus | null = null;
  let busy = false;
  const check = () => {
    if (busy) return;
    busy = true;
    systemStatus(deps.db, deps.clock, startedAt, deps.broker, deps.ingest())
      .then((s) => {
        if (!last || statusChanged(last, s)) deps.bus.emit('system.status', s);
        last = s;
      })
      .catch((err: unknown) => deps.log.warn('status check failed', { err }))
      .finally(() => (busy = false));
  };
  const timer = setInterval(check, intervalMs);
  timer.unref();
  const unsubscribe = deps.broker?.onChange(check) ?? (() => {});
  return () => {
    clearInterval(timer);
    unsubscribe();
  };
}
