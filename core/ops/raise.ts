import type { Db } from '../../db/index.js';
import type { Bus } from '../bus.js';
import type { Logger } from '../logger.js';
import { upsertAlert, type NewAlert } from './alerts.js';

export interface AlertDeps { db: Db; bus: Bus; log: Logger }

/** Stores an alert (or updates its earlier copy) and tells the views; never throws back into ingest. */
export function raiseAlert(deps: AlertDeps, alert: NewAlert): Promise<void> {
  return upsertAlert(deps.db, alert).then(
    ({ id }) => deps.bus.emit('ops.changed', { kind: 'alert', id }),
    (err: Error) => deps.log.error('storing an alert failed', { source: alert.source, externalId: alert.externalId, err: err.message }),
  );
}
