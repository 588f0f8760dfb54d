import { describe, expect, it } from 'vitest';
import { rankResources, type ResourceCandidate } from './suggest.js';

const c = (o: Partial<ResourceCandidate> & { id: string }): ResourceCandidate => ({
  name: o.id, type: 'personnel', status: 'available', capabilities: [], distanceM: 100, onIncident: null, vehicleBusy: null, ...o,
});

describe('rankResources', () => {
  it('puts eligible resources first, nearest first, and says why the others cannot go', () => {
    const ranked = rankResources([
      c({ id: 'far', distanceM: 900, capabilities: ['first_aid'] }),
      c({ id: 'near', distanceM: 50, capabilities: ['first_aid', 'lift'] }),
      c({ id: 'busy', distanceM: 10, capabilities: ['first_aid'], status: 'assigned', onIncident: 'LIN-2026-00001' }),
      c({ id: 'untrained', distanceM: 20 }),
      c({ id: 'offduty', distanceM: 5, capabilities: ['first_aid'], status: 'off_duty' }),
      c({ id: 'robot', distanceM: 30, type: 'vehicle', capabilities: ['first_aid'], vehicleBusy: 'onMission' }),
    ], ['first_aid']);
    expect(ranked.map((r) => r.resourceId)).toEqual(['near', 'far', 'offduty', 'busy', 'untrained', 'robot']);
    expect(ranked.map((r) => r.eligible)).toEqual([true, true, false, false, false, false]);
    expect(ranked[0]!.reason).toBe('available · 50 m away · has first_aid');
    expect(ranked[1]!.reason).toBe('available · 900 m away · has first_aid');
    expect(ranked.find((r) => r.resourceId === 'busy')!.reason).toBe('on LIN-2026-00001 · 10 m away');
    expect(ranked.find((r) => r.resourceId === 'untrained')!.reason).toBe('lacks first_aid · 20 m away');
    expect(ranked.find((r) => r.resourceId === 'offduty')!.reason).toBe('off duty · 5 m away');
    expect(ranked.find((r) => r.resourceId === 'robot')!.reason).toBe('on a mission · 30 m away');
  });

  it('sends the reason as data too, for the renderer to word in the operator’s language', () => {
    const ranked = rankResources([
      c({ id: 'near', distanceM: 50, capabilities: ['first_aid', 'lift'] }),
      c({ id: 'busy', status: 'assigned', onIncident: 'LIN-2026-00001' }),
      c({ id: 'offduty', status: 'off_duty' }),
      c({ id: 'robot', type: 'vehicle', capabilities: ['first_aid'], vehicleBusy: 'error' }),
      c({ id: 'untrained', capabilities: ['lift'] }),
    ], ['first_aid', 'oxygen']);
    const by = (id: string) => ranked.find((r) => r.resourceId === id)!;
    expect(by('near')).toMatchObject({ blocker: { code: 'lacks', missing: ['oxygen'] }, distanceM: 50, matched: ['first_aid'] });
    expect(by('busy').blocker).toEqual({ code: 'onIncident', incident: 'LIN-2026-00001' });
    expect(by('offduty').blocker).toEqual({ code: 'status', status: 'off_duty' });
    expect(by('robot')).toMatchObject({ blocker: { code: 'vehicle', vehicle: 'error' }, reason: 'vehicle in error · 100 m away' });
    expect(by('untrained').blocker).toEqual({ code: 'lacks', missing: ['first_aid', 'oxygen'] });
    expect(rankResources([c({ id: 'free', capabilities: ['first_aid'] })], ['first_aid'])[0]).toMatchObject({ eligible: true, blocker: null, matched: ['first_aid'] });
  });

  it('ranks resources without a position after those with one, and shows kilometres', () => {
    const ranked = rankResources([c({ id: 'nowhere', distanceM: null }), c({ id: 'town', distanceM: 2345 })], []);
    expect(ranked.map((r) => r.reason)).toEqual(['available · 2.3 km away', 'available · position unknown']);
  });
});
