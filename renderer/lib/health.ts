// The top bar's one health indicator: the worst of the statuses core streams, in a few words.
import type { IngestBacklog } from '../../core/contract/index.js';

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
  /** Ingest rows not yet stored (signed-in users; null otherwise). */
  ingest: IngestBacklog | null;
}

const waiting = (n: number) => `${n.toLocaleString('en-GB')} ${n === 1 ? 'row' : 'rows'} waiting to be stored`;

export const healthWords = {
  normal: 'All systems normal',
  checking: 'Checking…',
  broker: { connecting: 'Broker connecting…', reconnecting: 'Broker reconnecting…', disconnected: 'Broker disconnected' },
  chainBroken: 'Audit chain broken',
  flooding: 'A source is flooding',
  outboxProblem: 'Ingest outbox unavailable',
  waiting,
  /** The ingest line of the details. */
  backlog: (b: IngestBacklog) => {
    const where = b.outbox === 'disk' ? 'in the outbox on disk' : 'in memory, lost if the console stops';
    const dropped = b.dropped ? ` · ${b.dropped.toLocaleString('en-GB')} dropped over the limit` : '';
    if (b.problem) return `✖ ${b.problem}${dropped}`;
    if (b.waiting) return `${waiting(b.waiting)} ${where}${dropped}`;
    return `✔ Ingest writes up to date; during an outage rows wait ${where}${dropped}`;
  },
  details: 'System status',
};

/** The worst problem first: not live, then the database, the broker, the audit chain, the ingest outbox, rows waiting, a flood. */
export function health(h: HealthInput): { level: Level; text: string } {
  if (h.stale) return { level: 'bad', text: h.stale };
  if (h.database === 'bad') return { level: 'bad', text: h.databaseText };
  if (h.broker === 'disconnected') return { level: 'bad', text: healthWords.broker.disconnected };
  if (h.chainOk === false) return { level: 'bad', text: healthWords.chainBroken };
  if (h.broker === 'connecting' || h.broker === 'reconnecting') return { level: 'pending', text: healthWords.broker[h.broker] };
  if (h.ingest?.problem) return { level: 'pending', text: healthWords.outboxProblem };
  if (h.ingest?.waiting) return { level: 'pending', text: healthWords.waiting(h.ingest.waiting) };
  if (h.flooding) return { level: 'pending', text: healthWords.flooding };
  if (h.database === 'pending') return { level: 'pending', text: healthWords.checking };
  return { level: 'ok', text: healthWords.normal };
}
