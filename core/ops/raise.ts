import type { Db } from '../../db/index.js';
import type { Bus } from '../bus.js';
import type { Logger } from '../logger.js';
import { upsertAlert, type NewAlert } from './alerts.js';
import { raiseEpisode, resolveEpisode, type ClearedBy, type EpisodeAlert } from './episodes.js';

export interface AlertDeps {
  db: Db; bus: Bus; log: Logger;
  /** Whether this console holds a duty (see core/duties): alerts are ingest writes, done by one console. */
  holds?: (duty: 'ingest' | 'dispatch') => boolean;
}

const standby = (deps: AlertDeps) => deps.holds !== undefined && !deps.holds('ingest');

/** Stores an alert (or updates its earlier copy; views hear of it from the change stream); never throws back into ingest. */
export function raiseAlert(deps: AlertDeps, alert: NewAlert): Promise<void> {
  if (standby(deps)) return Promise.resolve();
  return upsertAlert(deps.db, alert).then(
    () => {},
    (err: Error) => deps.log.error('storing an alert failed', { source: alert.source, externalId: alert.externalId, err: err.message }),
  );
}

/** Opens or updates a condition's alert episode (see episodes.ts); never throws back into ingest. */
export function raiseEpisodeAlert(deps: AlertDeps, alert: EpisodeAlert, repeat: boolean): Promise<void> {
  if (standby(deps)) return Promise.resolve();
  return raiseEpisode(deps.db, alert, repeat).then(
    () => {},
    (err: Error) => deps.log.error('storing an alert failed', { source: alert.source, condition: alert.conditionKey, err: err.message }),
  );
}

/** Its condition cleared: the open alert clears itself, audited as the console's doing; never throws. */
export function resolveAlert(deps: AlertDeps, which: ClearedBy, reason: string, at: Date): Promise<void> {
  if (standby(deps)) return Promise.resolve();
  return resolveEpisode(deps.db, which, reason, at).then(
    () => {},
    (err: Error) => deps.log.error('clearing an alert failed', { source: which.source, err: err.message }),
  );
}
