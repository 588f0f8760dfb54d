import { describe, expect, it } from 'vitest';
import type { AlertView, CaseEvent, IncidentView, ResourceSuggestion } from '../../core/contract/index.js';
import {
  age, alarmSummary, boardQuery, caseEventText, convertDefaults, emptyBoardFilter, inboxOrder, moveText, nextStatuses, parseLatLon, parseNeeds,
  placeText, suggestionReason, transitionTimes, unheard,
} from './incident-format.js';
import { setLocale } from '../i18n/i18n.svelte.js';

let n = 0;
const alert = (over: Partial<AlertView> = {}): AlertView => ({
  id: `a${++n}`, source: 'fire-panel', externalId: `x${n}`, type: 'smoke', severity: 3, status: 'new', title: 'Smoke in B2', description: null,
  lat: null, lon: null, address: null, occurredAt: '2026-01-01T12:00:00Z', receivedAt: '2026-01-01T12:00:00Z', repeatCount: 1, lastSeenAt: '2026-01-01T12:00:00Z',
  conditionKey: null, resolvedAt: null, resolveReason: null, acknowledgedBy: null,
  acknowledgedAt: null, dismissedBy: null, dismissReason: null, incidentId: null, incidentNumber: null, escalatedAt: null, escalatedTo: null,
  vehicleId: null, rawPayload: {}, ...over,
});
const event = (kind: CaseEvent['kind'], details: Record<string, unknown> = {}, body: string | null = null): CaseEvent =>
  ({ id: 1, kind, visibility: 'public', body, details, actor: null, at: '2026-01-01T12:00:00Z' });

describe('incident formatting', () => {
  it('orders the inbox most severe first, then newest, and leaves out handled alerts', () => {
    const old1 = alert({ severity: 1, receivedAt: '2026-01-01T11:00:00Z' });
    const new1 = alert({ severity: 1, receivedAt: '2026-01-01T11:30:00Z' });
    const new3 = alert({ severity: 3, receivedAt: '2026-01-01T11:59:00Z', status: 'acknowledged' });
    const gone = alert({ severity: 1, status: 'dismissed' });
    const done = alert({ severity: 1, status: 'converted' });
    expect(inboxOrder([new3, old1, gone, new1, done]).map((a) => a.id)).toEqual([new1.id, old1.id, new3.id]);
  });

  it('says ages in the largest useful units', () => {
    expect(age(-5)).toBe('0 s');
    expect(age(59_999)).toBe('59 s');
    expect(age(3 * 60_000)).toBe('3 min');
    expect(age(65 * 60_000)).toBe('1 h 5 min');
    expect(age(50 * 3600_000)).toBe('2 d 2 h');
  });

  it('names a place by address, else coordinates', () => {
    expect(placeText({ lat: 52.1, lon: 5.12, address: 'Hof 1' })).toBe('Hof 1');
    expect(placeText({ lat: 52.1, lon: 5.12, address: null })).toBe('52.10000, 5.12000');
    expect(placeText({ lat: null, lon: null, address: null })).toBe('no location');
  });

  it('offers only the legal next statuses, leaving assignment and release to resources', () => {
    expect(nextStatuses('new')).toEqual(['cancelled']);
    expect(nextStatuses('assigned')).toEqual(['en_route', 'cancelled']);
    expect(nextStatuses('en_route')).toEqual(['on_scene', 'assigned', 'cancelled']);
    expect(nextStatuses('on_scene')).toEqual(['resolved', 'cancelled']);
    expect(nextStatuses('resolved')).toEqual(['closed', 'on_scene']);
    expect(nextStatuses('closed')).toEqual([]);
    expect(nextStatuses('cancelled')).toEqual([]);
    expect(moveText('resolved', 'on_scene')).toBe('Reopen on scene');
    expect(moveText('on_scene', 'resolved')).toBe('Resolved');
    expect(moveText('new', 'cancelled')).toBe('Cancel…');
  });

  it('lists the times of the steps taken, in order', () => {
    const i = { createdAt: 'c', assignedAt: 'a', enRouteAt: null, onSceneAt: null, resolvedAt: null, closedAt: null, cancelledAt: 'x' } as IncidentView;
    expect(transitionTimes(i)).toEqual([['Created', 'c'], ['Assigned', 'a'], ['Cancelled', 'x']]);
  });

  it('words timeline entries', () => {
    expect(caseEventText(event('created', { priority: 2 }))).toBe('Created — priority 2');
    expect(caseEventText(event('status', { from: 'on_scene', to: 'cancelled' }, 'false alarm'))).toBe('on scene → cancelled: false alarm');
    expect(caseEventText(event('assignment', { reason: 'available · 40 m away' }, 'Nurse Team A'))).toBe('Assigned Nurse Team A (available · 40 m away)');
    // Worded from the data it recorded; an older entry by the English it kept.
    expect(caseEventText(event('assignment', { reason: 'available · 40 m away', distanceM: 40.4, matched: ['first_aid'], blocker: null }, 'Nurse Team A')))
      .toBe('Assigned Nurse Team A (available · 40 m away · has first_aid)');
    expect(caseEventText(event('assignment', { reason: null, distanceM: null, matched: [], blocker: { code: 'lacks', missing: ['lift'] } }, 'AGV 2')))
      .toBe('Assigned AGV 2 (lacks lift · position unknown)');
    expect(caseEventText(event('released', { name: 'AGV 2' }, 'needed elsewhere'))).toBe('Released AGV 2: needed elsewhere');
    expect(caseEventText(event('comment', {}, 'On my way'))).toBe('On my way');
    expect(caseEventText(event('link', {}, 'From alert fire-panel/7'))).toBe('From alert fire-panel/7');
  });

  it('words a suggestion’s reason from its parts, as core words it in English', () => {
    const s = (blocker: ResourceSuggestion['blocker'], distanceM: number | null, matched: string[] = []) => suggestionReason({ blocker, distanceM, matched });
    expect(s(null, 50, ['first_aid'])).toBe('available · 50 m away · has first_aid');
    expect(s(null, 2345)).toBe('available · 2.3 km away');
    expect(s(null, null)).toBe('available · position unknown');
    expect(s({ code: 'onIncident', incident: 'LIN-2026-00001' }, 10)).toBe('on LIN-2026-00001 · 10 m away');
    expect(s({ code: 'status', status: 'off_duty' }, 5)).toBe('off duty · 5 m away');
    expect(s({ code: 'vehicle', vehicle: 'onMission' }, 30)).toBe('on a mission · 30 m away');
    expect(s({ code: 'vehicle', vehicle: 'offline' }, 30)).toBe('vehicle offline · 30 m away');
    expect(s({ code: 'lacks', missing: ['first_aid', 'lift'] }, 20.6)).toBe('lacks first_aid, lift · 21 m away');
  });

  it('reads needs and coordinates as typed, refusing bad ones with a sentence', () => {
    expect(parseNeeds(' First_aid, lift;lift  oxygen ')).toEqual(['first_aid', 'lift', 'oxygen']);
    expect(parseNeeds('  ')).toEqual([]);
    expect(parseLatLon('', ' ')).toEqual({ ok: true, value: null });
    expect(parseLatLon('52,09', '5.12')).toEqual({ ok: true, value: { lat: 52.09, lon: 5.12 } });
    expect(parseLatLon('95', '5')).toEqual({ ok: false, error: 'The latitude must be a number from -90 to 90.' });
    expect(parseLatLon('52', '')).toEqual({ ok: false, error: 'The longitude must be a number from -180 to 180.' });
    expect(parseLatLon('abc', '5')).toMatchObject({ ok: false });
  });

  it('prefills the convert form from the alert, its severity as priority', () => {
    expect(convertDefaults(alert({ severity: 2, type: 'fall', source: 'nurse-call', title: 'Fall in room 12' })))
      .toEqual({ type: 'fall', category: 'fall', priority: 2, title: 'Fall in room 12', needs: '' });
    // The category is what happened, never the system that sent it.
    expect(convertDefaults(alert({ type: 'door_forced', source: 'access-control' })).category).toBe('security');
  });

  it('asks the board query for open incidents by default, and passes priority and search', () => {
    expect(boardQuery(emptyBoardFilter(), 's1')).toEqual({ siteId: 's1', statuses: ['new', 'assigned', 'en_route', 'on_scene', 'resolved'], limit: 200 });
    expect(boardQuery({ status: 'closed', priority: '2', search: '  smoke ' }, null)).toEqual({ statuses: ['closed'], priorities: [2], search: 'smoke', limit: 200 });
    expect(boardQuery({ status: '', priority: '', search: '' }, null)).toEqual({ limit: 200 });
  });

  it('sums up the alarms with the newest title and escalation, and finds the unheard ones', () => {
    const a = alert({ severity: 1, receivedAt: '2026-01-01T11:00:00Z' });
    const b = alert({ severity: 2, receivedAt: '2026-01-01T11:05:00Z', title: 'Gas', escalatedAt: '2026-01-01T11:07:00Z' });
    expect(alarmSummary([a, b])).toEqual({ count: 2, newest: b, escalated: true });
    expect(alarmSummary([])).toEqual({ count: 0, newest: null, escalated: false });
    expect(unheard([a, b], new Set([a.id]))).toEqual([b.id]);
  });

  it('words the same in Dutch', async () => {
    await setLocale('nl');
    try {
      expect(age(65 * 60_000)).toBe('1 u 5 min');
      expect(placeText({ lat: null, lon: null, address: null })).toBe('geen locatie');
      expect(moveText('new', 'cancelled')).toBe('Annuleren…');
      expect(caseEventText(event('status', { from: 'on_scene', to: 'cancelled' }, 'loos alarm'))).toBe('ter plaatse → geannuleerd: loos alarm');
      expect(caseEventText(event('assignment', {}, 'Team A'))).toBe('Team A toegewezen');
      expect(caseEventText(event('assignment', { reason: 'available · 40 m away', distanceM: 40, matched: [], blocker: null }, 'Team A'))).toBe('Team A toegewezen (beschikbaar · op 40 m)');
      const s = (blocker: ResourceSuggestion['blocker'], distanceM: number | null, matched: string[] = []) => suggestionReason({ blocker, distanceM, matched });
      expect(s(null, 50, ['first_aid'])).toBe('beschikbaar · op 50 m · heeft first_aid');
      expect(s(null, 2345)).toBe('beschikbaar · op 2,3 km');
      expect(s(null, null)).toBe('beschikbaar · positie onbekend');
      expect(s({ code: 'onIncident', incident: 'LIN-2026-00001' }, 10)).toBe('ingezet bij LIN-2026-00001 · op 10 m');
      expect(s({ code: 'status', status: 'off_duty' }, 5)).toBe('buiten dienst · op 5 m');
      expect(s({ code: 'vehicle', vehicle: 'onMission' }, 30)).toBe('bezig met een transport · op 30 m');
      expect(s({ code: 'vehicle', vehicle: 'error' }, 30)).toBe('voertuig in storing · op 30 m');
      expect(s({ code: 'lacks', missing: ['lift'] }, 1500)).toBe('mist lift · op 1,5 km');
      expect(parseLatLon('95', '5')).toEqual({ ok: false, error: 'De breedtegraad moet een getal van -90 tot 90 zijn.' });
    } finally {
      await setLocale('en');
    }
  });
});
