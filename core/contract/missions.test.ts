import { describe, expect, it } from 'vitest';
import { canTransition, MISSION_TRANSITIONS, MissionStatus } from './missions.js';

const all = MissionStatus.options;

describe('mission status machine', () => {
  it('allows exactly the listed transitions', () => {
    const legal = all.flatMap((from) => all.filter((to) => canTransition(from, to)).map((to) => `${from}→${to}`));
    expect(legal.sort()).toEqual([
      'assigned→cancelled', 'assigned→failed', 'assigned→in_progress', 'assigned→pending',
      'in_progress→assigned', 'in_progress→cancelled', 'in_progress→completed', 'in_progress→failed',
      'pending→assigned', 'pending→cancelled', 'pending→failed',
    ]);
  });
  it('ends in completed, cancelled or failed, and nothing moves back to the start but a lost vehicle', () => {
    for (const end of ['completed', 'cancelled', 'failed'] as const) expect(MISSION_TRANSITIONS[end]).toEqual([]);
    expect(all.filter((s) => canTransition(s, 'pending'))).toEqual(['assigned']);
    for (const s of all) expect(canTransition(s, s)).toBe(false);
  });
});
