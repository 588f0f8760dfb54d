import { describe, expect, it } from 'vitest';
import { byPriority, emptyBoardFilter, matches, NEEDS_LOCATION, reportQuery, requestQuery, ticketQuery } from './city-query.js';

const SITE = '0190f2a4-0000-7000-8000-000000000001';

describe('city board queries', () => {
  it('an empty filter asks for the site only', () => {
    expect(requestQuery(emptyBoardFilter(), SITE)).toEqual({ siteId: SITE, limit: 500 });
    expect(reportQuery(emptyBoardFilter(), SITE)).toEqual({ siteId: SITE, limit: 500 });
    expect(ticketQuery({ ...emptyBoardFilter(), search: '   ' }, SITE)).toEqual({ siteId: SITE, limit: 500 });
  });

  it('status, category or type, priority and trimmed search go to the server where it filters them', () => {
    const f = { status: 'open', category: 'pothole', priority: '3', search: ' broken lamp ' };
    expect(requestQuery(f, SITE)).toEqual({ siteId: SITE, limit: 500, statuses: ['open'], category: 'pothole', search: 'broken lamp' });
    expect(requestQuery({ ...f, status: NEEDS_LOCATION }, SITE)).toEqual({ siteId: SITE, limit: 500, needsLocation: true, category: 'pothole', search: 'broken lamp' });
    expect(reportQuery({ ...f, status: 'new', category: 'road' }, SITE)).toEqual({ siteId: SITE, limit: 500, statuses: ['new'], reportType: 'road', search: 'broken lamp' });
    expect(ticketQuery({ ...f, priority: 'high' }, SITE)).toEqual({ siteId: SITE, limit: 500, statuses: ['open'], priorities: ['high'], search: 'broken lamp' });
  });

  it('priority the server cannot filter is applied to the rows', () => {
    const rows = [{ id: 'a', priority: 0 }, { id: 'b', priority: 3 }, { id: 'c', priority: 'high' }];
    expect(byPriority(rows, '')).toHaveLength(3);
    expect(byPriority(rows, '3').map((r) => r.id)).toEqual(['b']);
    expect(byPriority(rows, 'high').map((r) => r.id)).toEqual(['c']);
  });

  it('a local search needs every word somewhere in the fields', () => {
    expect(matches(['Road closed', 'Gate B works'], 'gate road')).toBe(true);
    expect(matches(['Road closed', null], 'gate')).toBe(false);
    expect(matches(['x'], '')).toBe(true);
  });
});
