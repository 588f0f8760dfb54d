// The top bar's one health indicator: the worst of the statuses core streams, in a few words.

export type Level = 'ok' | 'pending' | 'bad';

export interface HealthInput {
  /** "Not live since …" while core is away. */
  stale: string | null;
  /** The database line's own level (link, database). */
  database: Level;
  databaseText: string;
  broker: 'connecting' | 'connected' | 'reconnecting' | 'disconnected' | null;
  /** null while the user may not read the audit chain, or it is not checked yet. */
  chainOk: boolean | null;
  flooding: boolean;
}

export const healthWords = {
  normal: 'All systems normal',
  checking: 'Checking…',
  broker: { connecting: 'Broker connecting…', reconnecting: 'Broker reconnecting…', disconnected: 'Broker disconnected' },
  chainBroken: 'Audit chain broken',
  flooding: 'A source is flooding',
  details: 'System status',
};

/** The worst problem first: not live, then the database, the broker, the audit chain, a flood. */
export function health(h: HealthInput): { level: Level; text: string } {
  if (h.stale) return { level: 'bad', text: h.stale };
  if (h.database === 'bad') return { level: 'bad', text: h.databaseText };
  if (h.broker === 'disconnected') return { level: 'bad', text: healthWords.broker.disconnected };
  if (h.chainOk === false) return { level: 'bad', text: healthWords.chainBroken };
  if (h.broker === 'connecting' || h.broker === 'reconnecting') return { level: 'pending', text: healthWords.broker[h.broker] };
  if (h.flooding) return { level: 'pending', text: healthWords.flooding };
  if (h.database === 'pending') return { level: 'pending', text: healthWords.checking };
  return { level: 'ok', text: healthWords.normal };
}
