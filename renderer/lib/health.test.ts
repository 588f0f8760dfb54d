import { describe, expect, it } from 'vitest';
import { health, type HealthInput } from './health.js';

const fine: HealthInput = { stale: null, database: 'ok', databaseText: 'Embedded database', broker: 'connected', chainOk: true, flooding: false };

describe('top bar health', () => {
  it('says all is normal only when every status is', () => {
    expect(health(fine)).toEqual({ level: 'ok', text: 'All systems normal' });
    expect(health({ ...fine, chainOk: null })).toEqual({ level: 'ok', text: 'All systems normal' });
  });

  it('names the worst problem: not live first, then the database, the broker, the chain, a flood', () => {
    const all: HealthInput = { stale: 'Not live since 10:42:05 CET', database: 'bad', databaseText: 'Embedded database: unavailable', broker: 'disconnected', chainOk: false, flooding: true };
    expect(health(all).text).toBe('Not live since 10:42:05 CET');
    expect(health({ ...all, stale: null }).text).toBe('Embedded database: unavailable');
    expect(health({ ...all, stale: null, database: 'ok' }).text).toBe('Broker disconnected');
    expect(health({ ...fine, chainOk: false })).toEqual({ level: 'bad', text: 'Audit chain broken' });
    expect(health({ ...fine, broker: 'reconnecting' })).toEqual({ level: 'pending', text: 'Broker reconnecting…' });
    expect(health({ ...fine, flooding: true }).level).toBe('pending');
  });
});
