import { describe, expect, it } from 'vitest';
import { siteClock, siteDate, siteDateTime, siteLocalToIso } from './time.js';

describe('site clock', () => {
  it('shows the site zone, including its daylight-saving change', () => {
    expect(siteClock(new Date('2026-01-15T12:00:00Z'), 'Europe/Amsterdam')).toBe('13:00:00 CET');
    expect(siteClock(new Date('2026-07-15T12:00:00Z'), 'Europe/Amsterdam')).toBe('14:00:00 CEST');
    expect(siteClock(new Date('2026-07-15T12:00:00Z'), 'America/New_York')).toMatch(/^08:00:00 (EDT|GMT-4)$/);
  });
  it('dates in the site zone, not the viewer’s', () => {
    expect(siteDate(new Date('2026-11-22T23:30:00Z'), 'Europe/Amsterdam')).toMatch(/^Mon,? 23 Nov 2026$/);
  });
  it('reads filter times as site wall-clock time', () => {
    expect(siteLocalToIso('2026-01-15T13:00', 'Europe/Amsterdam')).toBe('2026-01-15T12:00:00.000Z');
    expect(siteLocalToIso('2026-07-15T14:00', 'Europe/Amsterdam')).toBe('2026-07-15T12:00:00.000Z');
    expect(siteLocalToIso('2026-03-29T03:30', 'Europe/Amsterdam')).toBe('2026-03-29T01:30:00.000Z');
    expect(siteDateTime('2026-07-15T12:00:00Z', 'Europe/Amsterdam')).toBe('2026-07-15 14:00:00');
  });
});
