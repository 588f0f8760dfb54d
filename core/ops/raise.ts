import type { Db } from '../../db/index.js';
import type { Bus } from '../bus.js';
import type { Logger } from '../logger.js';
import { upsertAlert, type NewAlert } from './alerts.js';
import { raiseEpisode, resolveEpisode, type ClearedBy, type EpisodeAlert } from './episodes.js';

export interface AlertDeps { db: Db; bus: Bus; log: Logger }

/** Stores an alert (or updates its earlier copy) and tells the views; never throws back into ingest. */
export function raiseAlert(deps: AlertDeps, alert: NewAlert): Promise<void> {
  return upsertAlert(deps.db, alert).then(
    ({ id }) => deps.bus.emit('ops.changed', { kind: 'alert', id }),
    (err: Error) => deps.log.error('storing an alert failed', { source: alert.source, externalId: alert.externalId, err: err.message }),
  );
}

/** Opens or updates a condition's alert episode (see episodes.ts); never throws back into ingest. */
export function raiseEpisodeAlert(deps: AlertDeps, alert: EpisodeAlert, repeat: boolean): Promise<void> {
  return raiseEpisode(deps.db, alert, repeat).then(
    ({ id }) => deps.bus.emit('ops.changed', { kind: 'alert', id }),
    (err: Error) => deps.log.error('storing an alert failed', { source: alert.source, condition: alert.conditionKey, err: err.message }),
  );
}

/** Its condition cleared: the open alert clears itself, audited as the console's doing; never throws. */
export function resolveAlert(deps: AlertDeps, which: ClearedBy, reason: string, at: Date): Promise<void> {
  return resolveEpisode(deps.db, which, reason, at).then(
    (ids) => ids.forEach((id) => deps.bus.emit('ops.changed', { kind: 'alert', id })),
    (err: Error) => deps.log.error('clearing an alert failed', { source: which.source, err: err.message }),
  );
}
