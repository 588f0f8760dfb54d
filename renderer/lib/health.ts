// The top bar's one health indicator: the worst of the statuses core streams, in a few words.
import type { IngestBacklog } from '../../core/contract/index.js';
import { num, t } from '../i18n/i18n.svelte.js';

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

const waiting = (n: number) => t('shell.health.waiting', { count: n, n: num(n) });

/** The top bar's health words; each reads the current language when called. */
export const healthWords = {
  normal: () => t('shell.health.normal'),
  checking: () => t('shell.health.checking'),
  broker: (state: 'connecting' | 'reconnecting' | 'disconnected') => t(`shell.health.broker.${state}`),
  chainBroken: () => t('shell.health.chainBroken'),
  flooding: () => t('shell.health.flooding'),
  outboxProblem: () => t('shell.health.outboxProblem'),
  waiting,
  /** The ingest line of the details. */
  backlog: (b: IngestBacklog) => {
    const where = t(b.outbox === 'disk' ? 'shell.health.onDisk' : 'shell.health.inMemory');
    const dropped = b.dropped ? ` · ${t('shell.health.dropped', { n: num(b.dropped) })}` : '';
    if (b.problem) return `✖ ${b.problem}${dropped}`;
    if (b.waiting) return `${waiting(b.waiting)} ${where}${dropped}`;
    return `${t('shell.health.upToDate', { where })}${dropped}`;
  },
  details: () => t('shell.health.details'),
};

/** The worst problem first: not live, then the database, the broker, the audit chain, the ingest outbox, rows waiting, a flood. */
export function health(h: HealthInput): { level: Level; text: string } {
  if (h.stale) return { level: 'bad', text: h.stale };
  if (h.database === 'bad') return { level: 'bad', text: h.databaseText };
  if (h.broker === 'disconnected') return { level: 'bad', text: healthWords.broker('disconnected') };
  if (h.chainOk === false) return { level: 'bad', text: healthWords.chainBroken() };
  if (h.broker === 'connecting' || h.broker === 'reconnecting') return { level: 'pending', text: healthWords.broker(h.broker) };
  if (h.ingest?.problem) return { level: 'pending', text: healthWords.outboxProblem() };
  if (h.ingest?.waiting) return { level: 'pending', text: healthWords.waiting(h.ingest.waiting) };
  if (h.flooding) return { level: 'pending', text: healthWords.flooding() };
  if (h.database === 'pending') return { level: 'pending', text: healthWords.checking() };
  return { level: 'ok', text: healthWords.normal() };
}
