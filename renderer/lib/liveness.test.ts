import { describe, expect, it } from 'vitest';
import { isStale, probeLoss, STALE_AFTER_MS } from './liveness.js';

describe('liveness', () => {
  it('is stale once core has not answered for longer than the limit, or at once when the socket closed', () => {
    expect(isStale(1000, false, 1000 + STALE_AFTER_MS)).toBe(false);
    expect(isStale(1000, false, 1001 + STALE_AFTER_MS)).toBe(true);
    expect(isStale(1000, true, 1000)).toBe(true);
    expect(STALE_AFTER_MS).toBeLessThan(3000);
  });

  it('tells a stopped host from a restarted one by how it answers a plain request', () => {
    expect(probeLoss('network-error')).toBe('unreachable');
    expect(probeLoss(401)).toBe('restarted');
    expect(probeLoss(200)).toBe('reconnecting');
  });
});
