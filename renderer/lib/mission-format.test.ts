import { describe, expect, it } from 'vitest';
import type { MissionEvent, MissionView } from '../../core/contract/index.js';
import { setLocale } from '../i18n/i18n.svelte.js';
import { duration, eventActor, eventText, isPaused, missionEta, missionTimer } from './mission-format.js';

const now = Date.parse('2026-01-01T12:00:00Z');
const clock = (iso: string) => iso.slice(11, 16);
// Cast: the fixture names what these functions read; newer fields of the view do not matter here.
const mission = (over: Partial<MissionView> = {}): MissionView => ({
  id: crypto.randomUUID(), residentId: crypto.randomUUID(), resident: 'A. Visser', vehicleId: null, vehicle: null, pickup: 'Dock A', pickupNode: 'dock-a',
  dropoff: 'Rehab Centre', dropoffNode: 'rehab-south', priority: 'normal', status: 'pending', scheduledAt: null, createdAt: '2026-01-01T11:57:00Z',
  assignedAt: null, startedAt: null, completedAt: null, notes: null, failureReason: null, atRisk: null, createdBy: 'op@x', version: 1, ...over,
}) as MissionView;
const event = (type: string, details: Record<string, unknown> = {}, actor: string | null = null): MissionEvent => ({ id: 1, type, at: '2026-01-01T11:58:00Z', vehicleId: null, actor, details });

describe('mission formatting', () => {
  it('says durations in the largest useful units', () => {
    expect(duration(45_000)).toBe('45 s');
    expect(duration(3 * 60_000 + 20_000)).toBe('3 min');
    expect(duration(65 * 60_000)).toBe('1 h 5 min');
    expect(duration(120 * 60_000)).toBe('2 h');
  });

  it('times a waiting ASAP mission from its creation, amber after 5 minutes', () => {
    expect(missionTimer(mission(), now, clock)).toEqual({ text: 'waiting 3 min', level: 'ok' });
    expect(missionTimer(mission({ createdAt: '2026-01-01T11:54:00Z' }), now, clock)).toEqual({ text: 'waiting 6 min', level: 'late' });
  });

  it('times a scheduled mission from its time, amber once overdue', () => {
    expect(missionTimer(mission({ scheduledAt: '2026-01-01T12:30:00Z' }), now, clock)).toEqual({ text: 'scheduled 12:30 (in 30 min)', level: 'ok' });
    expect(missionTimer(mission({ scheduledAt: '2026-01-01T11:58:00Z' }), now, clock)).toEqual({ text: 'overdue 2 min (due 11:58)', level: 'late' });
  });

  it('times active missions from assignment or start; at risk is red whatever the time', () => {
    expect(missionTimer(mission({ status: 'assigned', assignedAt: '2026-01-01T11:59:00Z' }), now, clock).text).toBe('assigned 1 min ago');
    const started = mission({ status: 'in_progress', startedAt: '2026-01-01T11:58:00Z', atRisk: 'sim-01 is offline' });
    expect(missionTimer(started, now, clock)).toEqual({ text: 'started 2 min ago', level: 'risk' });
    const done = mission({ status: 'completed', startedAt: '2026-01-01T11:50:00Z', completedAt: '2026-01-01T11:56:00Z' });
    expect(missionTimer(done, now, clock).text).toBe('completed 11:56 · took 6 min');
  });

  it('says when the vehicle is expected at its next stop', () => {
    const expected = { expectedPickupAt: '2026-01-01T12:02:00Z', expectedArrivalAt: '2026-01-01T12:05:00Z' };
    expect(missionEta(mission({ status: 'assigned', ...expected }), clock)).toBe('pick-up ≈ 12:02');
    expect(missionEta(mission({ status: 'in_progress', ...expected, expectedPickupAt: null }), clock)).toBe('arrival ≈ 12:05');
    expect(missionEta(mission({ status: 'pending', ...expected }), clock)).toBeNull();
  });

  it('words events with their details and who did them', () => {
    expect(eventText(event('assigned', { vehicle: 'sim-01', reason: null }))).toBe('Assigned to sim-01');
    expect(eventText(event('cancelled', { reason: 'resident unwell' }))).toBe('Cancelled — resident unwell');
    expect(eventText(event('at_risk', { cause: 'sim-01 is offline' }))).toBe('At risk — sim-01 is offline');
    expect(eventText(event('reassigned', { from: 'sim-01', to: 'sim-02', reason: 'faster' }))).toBe('Reassigned from sim-01 to sim-02 — faster');
    expect(eventText(event('started', { from: 'Dock B', metres: 230 }))).toBe('Started from Dock B, 230 m to drive');
    expect(eventText(event('created', { priority: 'urgent' }))).toBe('Created — urgent priority');
    expect(eventText(event('corrected', { from: { pickup: 'Room 1' }, to: { pickup: 'Room 3' }, reason: 'moved rooms' }))).toBe('Pick-up Room 1 → Room 3 — moved rooms');
    expect(eventText(event('corrected', { from: { pickup: 'A', dropoff: 'B' }, to: { pickup: 'C', dropoff: 'D' } }))).toBe('Pick-up A → C, Drop-off B → D');
    expect(eventActor(event('completed'))).toBe('vehicle');
    expect(eventActor(event('at_risk'))).toBe('system');
    expect(eventActor(event('paused', {}, 'op@x'))).toBe('op@x');
  });

  it('words times and events in Dutch too', async () => {
    await setLocale('nl');
    try {
      expect(duration(65 * 60_000)).toBe('1 u 5 min');
      expect(missionTimer(mission({ scheduledAt: '2026-01-01T11:58:00Z' }), now, clock).text).toBe('2 min te laat (gepland 11:58)');
      expect(eventText(event('created', { priority: 'urgent' }))).toBe('Aangemaakt — prioriteit spoed');
      expect(eventActor(event('completed'))).toBe('voertuig');
    } finally {
      await setLocale('en');
    }
  });

  it('knows a paused mission until it is resumed or moved', () => {
    expect(isPaused([event('assigned'), event('paused')])).toBe(true);
    expect(isPaused([event('paused'), event('resumed')])).toBe(false);
    expect(isPaused([event('paused'), event('reassigned')])).toBe(false);
  });
});
