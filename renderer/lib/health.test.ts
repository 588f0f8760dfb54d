import { describe, expect, it } from 'vitest';
import type { IngestBacklog } from '../../core/contract/index.js';
import { setLocale } from '../i18n/i18n.svelte.js';
import { health, healthWords, type HealthInput } from './health.js';

const fine: HealthInput = { stale: null, database: 'ok', databaseText: 'Embedded database', broker: 'connected', chainOk: true, flooding: false, ingest: null };
const outbox: IngestBacklog = { outbox: 'disk', problem: null, waiting: 0, dropped: 0 };

describe('top bar health', () => {
  it('says all is normal only when every status is', () => {
    expect(health(fine)).toEqual({ level: 'ok', text: 'All systems normal' });
    expect(health({ ...fine, chainOk: null })).toEqual({ level: 'ok', text: 'All systems normal' });
    expect(health({ ...fine, ingest: outbox })).toEqual({ level: 'ok', text: 'All systems normal' });
  });

  it('names the worst problem: not live first, then the database, the broker, the chain, a flood', () => {
    const all: HealthInput = { stale: 'Not live since 10:42:05 CET', database: 'bad', databaseText: 'Embedded database: unavailable', broker: 'disconnected', chainOk: false, flooding: true, ingest: { ...outbox, problem: 'cannot be opened', waiting: 5 } };
    expect(health(all).text).toBe('Not live since 10:42:05 CET');
    expect(health({ ...all, stale: null }).text).toBe('Embedded database: unavailable');
    expect(health({ ...all, stale: null, database: 'ok' }).text).toBe('Broker disconnected');
    expect(health({ ...fine, chainOk: false })).toEqual({ level: 'bad', text: 'Audit chain broken' });
    expect(health({ ...fine, broker: 'reconnecting' })).toEqual({ level: 'pending', text: 'Broker reconnecting…' });
    expect(health({ ...fine, flooding: true }).level).toBe('pending');
    expect(health({ ...all, stale: null, database: 'ok', broker: 'connected', chainOk: true })).toEqual({ level: 'pending', text: 'Ingest outbox unavailable' });
    expect(health({ ...fine, flooding: true, ingest: { ...outbox, waiting: 12_345 } })).toEqual({ level: 'pending', text: '12,345 rows waiting to be stored' });
  });

  it('says in the details where ingest rows wait, why the outbox cannot be used, and what was dropped', () => {
    expect(healthWords.backlog(outbox)).toBe('✔ Ingest writes up to date; during an outage rows wait in the outbox on disk');
    expect(healthWords.backlog({ ...outbox, outbox: 'memory', waiting: 1, dropped: 2000 }))
      .toBe('1 row waiting to be stored in memory, lost if the console stops · 2,000 dropped over the limit');
    expect(healthWords.backlog({ ...outbox, outbox: 'memory', problem: 'The ingest outbox cannot be opened.' })).toBe('✖ The ingest outbox cannot be opened.');
  });

  it('words the same in Dutch, with Dutch numbers', async () => {
    try {
      await setLocale('nl');
      expect(health(fine).text).toBe('Alle systemen normaal');
      expect(health({ ...fine, ingest: { ...outbox, waiting: 12_345 } }).text).toBe('12.345 rijen wachten op opslag');
      expect(healthWords.backlog({ ...outbox, outbox: 'memory', waiting: 1 })).toBe('1 rij wacht op opslag in het geheugen, verloren als de console stopt');
    } finally {
      await setLocale('en');
    }
  });
});
