import { describe, expect, it } from 'vitest';
import type { MissionView } from '../../core/contract/index.js';
import { emptyFilter, listQuery, shownMissions } from './mission-query.js';

describe('mission list query', () => {
  it('asks for the active queue unless the history is on, and filters its status here to keep core’s order', () => {
    const f = { ...emptyFilter(), status: 'assigned' as const, priority: 'urgent' as const, vehicleId: 'v1' };
    expect(listQuery(f, 's1', 'UTC')).toEqual({ siteId: 's1', priorities: ['urgent'], vehicleId: 'v1' });
    const rows = [{ status: 'pending' }, { status: 'assigned' }] as MissionView[];
    expect(shownMissions(rows, f)).toEqual([{ status: 'assigned' }]);
  });

  it('asks for finished missions in the date range, read as site time', () => {
    const f = { ...emptyFilter(), history: true, from: '2026-01-15T13:00', to: '', residentId: 'r1' };
    expect(listQuery(f, null, 'Europe/Amsterdam')).toEqual({ residentId: 'r1', statuses: ['completed', 'cancelled', 'failed'], from: '2026-01-15T12:00:00.000Z' });
    expect(listQuery({ ...f, status: 'failed' }, null, 'UTC').statuses).toEqual(['failed']);
    const rows = [{ status: 'completed' }] as MissionView[];
    expect(shownMissions(rows, { ...f, status: 'failed' })).toBe(rows);
  });
});
