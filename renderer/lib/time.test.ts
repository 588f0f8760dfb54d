import { describe, expect, it } from 'vitest';
import { siteClock, siteDate, siteDateTime, siteLocalToIso, siteWhen, siteWhenFull } from './time.js';

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

describe('one form for a moment', () => {
  const now = Date.parse('2026-11-30T10:00:00Z');
  it('shows only the time today, in site time', () => {
    expect(siteWhen('2026-11-30T04:35:07Z', 'Europe/Amsterdam', now)).toBe('05:35:07');
    expect(siteWhen('2026-11-30T04:35:07Z', 'Europe/Amsterdam', now, false)).toBe('05:35');
  });
  it('adds the date when it is another day at the site, even the same UTC day', () => {
    // 23:30 UTC on the 29th is already the 30th in Amsterdam: today there.
    expect(siteWhen('2026-11-29T23:30:00Z', 'Europe/Amsterdam', now)).toBe('00:30:00');
    expect(siteWhen('2026-11-29T22:30:00Z', 'Europe/Amsterdam', now)).toBe('Sun 29 Nov 23:30:00');
    expect(siteWhen('2026-12-01T08:00:00Z', 'Europe/Amsterdam', now, false)).toBe('Tue 1 Dec 09:00');
  });
  it('adds the year when it is another year', () => {
    expect(siteWhen('2025-11-30T04:35:00Z', 'Europe/Amsterdam', now)).toBe('30 Nov 2025 05:35:00');
  });
  it('gives the full moment with its zone for a tooltip', () => {
    expect(siteWhenFull('2026-07-15T12:00:00Z', 'Europe/Amsterdam')).toBe('2026-07-15 14:00:00 Europe/Amsterdam');
  });
});
