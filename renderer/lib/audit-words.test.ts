import { describe, expect, it } from 'vitest';
import { setLocale } from '../i18n/i18n.svelte.js';
import { kindWords, outcomeWords, resourceWords } from './audit-words.js';

const id = '0192f7a8-3c1e-7d4b-9a2f-1b2c3d4e5f60';

describe('audit entries in words', () => {
  it('names the resource from what the entry recorded, never by its UUID', () => {
    expect(resourceWords({ resourceType: 'vehicle', resourceId: id, newValues: { name: 'sim-01' }, oldValues: null })).toBe('vehicle sim-01');
    expect(resourceWords({ resourceType: 'incident', resourceId: id, newValues: { number: 'INC-0042', title: 'Fire at the dock' }, oldValues: null }))
      .toBe('incident INC-0042 Fire at the dock');
    // Removed: the old values still name it.
    expect(resourceWords({ resourceType: 'user', resourceId: id, newValues: null, oldValues: { email: 'ann@example.org' } })).toBe('user ann@example.org');
  });
  it('says the kind alone when nothing names it, and nothing without a resource', () => {
    const words = resourceWords({ resourceType: 'service_request', resourceId: id, newValues: { status: 'closed' }, oldValues: [1] });
    expect(words).toBe('service request');
    expect(words).not.toContain(id);
    expect(resourceWords({ resourceType: null, resourceId: null, newValues: null, oldValues: null })).toBe('');
  });
  it('words kinds', () => {
    expect(kindWords('resource')).toBe('responder');
    expect(kindWords('some_new_thing')).toBe('some new thing');
  });
  it('words kinds and outcomes in Dutch, a kind without words by its name', async () => {
    await setLocale('nl');
    try {
      expect(resourceWords({ resourceType: 'vehicle', resourceId: id, newValues: { name: 'sim-01' }, oldValues: null })).toBe('voertuig sim-01');
      expect(kindWords('some_new_thing')).toBe('some new thing');
      expect(outcomeWords('denied')).toBe('geweigerd');
    } finally {
      await setLocale('en');
    }
  });
});
