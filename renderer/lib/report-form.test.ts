import { describe, expect, it } from 'vitest';
import { addDays, emptyForm, reportInput, siteDay } from './report-form.js';

describe('reports form', () => {
  it('opens on the last seven days at the site, whatever the viewer’s zone', () => {
    // 23:30 UTC on the 22nd is already the 23rd in Amsterdam.
    const now = Date.parse('2026-11-22T23:30:00Z');
    expect(siteDay(now, 'Europe/Amsterdam')).toBe('2026-11-23');
    expect(emptyForm(now, 'Europe/Amsterdam')).toMatchObject({ from: '2026-11-17', to: '2026-11-23' });
    expect(emptyForm(now, 'America/New_York')).toMatchObject({ from: '2026-11-16', to: '2026-11-22' });
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });

  it('sends each report its own grouping, the operator\'s language and only the filters filled in', () => {
    const f = { ...emptyForm(Date.parse('2026-11-22T12:00:00Z'), 'UTC'), priorities: [1, 2], type: ' fall ', ward: 'Linden Ward' };
    expect(reportInput('response', f, 's', 'en')).toEqual({ siteId: 's', from: '2026-11-16', to: '2026-11-22', lang: 'en', groupBy: 'priority', priorities: [1, 2], type: 'fall' });
    expect(reportInput('transports', f, 's', 'en')).toEqual({ siteId: 's', from: '2026-11-16', to: '2026-11-22', lang: 'en', groupBy: 'vehicle', ward: 'Linden Ward' });
    expect(reportInput('fleet', f, 's', 'en')).toEqual({ siteId: 's', from: '2026-11-16', to: '2026-11-22', lang: 'en' });
    expect(reportInput('city', { ...f, status: 'open' }, 's', 'nl')).toEqual({ siteId: 's', from: '2026-11-16', to: '2026-11-22', lang: 'nl', groupBy: 'category', status: 'open' });
  });
});
