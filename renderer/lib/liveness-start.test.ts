// A page the host serves before its core has started (the database still opening) says the console
// is starting, not that the core stopped answering; once core answered, a later silence is a loss.
import { expect, it } from 'vitest';
import { STALE_AFTER_MS } from './liveness.js';
import { LivenessManager } from './liveness.svelte.js';

function page(probe: number | 'network-error') {
  let now = 1_000_000;
  let answer: (() => void) | null = null;
  const m = new LivenessManager({
    ping: () => new Promise<void>((ok) => (answer = ok)),
    probe: () => Promise.resolve(probe),
    onRestarted: () => {},
    now: () => now,
  });
  const flush = () => new Promise((r) => setTimeout(r, 0));
  return {
    m,
    later: async (ms: number) => ((now += ms), m.tick(), await flush()),
    answer: async () => (answer?.(), await flush()),
  };
}

it('says the console is starting while its core has never answered, and a loss once it had', async () => {
  const p = page(200);
  await p.later(STALE_AFTER_MS + 1);
  expect(p.m.why).toBe('starting');
  await p.later(3000); // the probe: the host answers the page, its core not yet
  expect(p.m.why).toBe('starting');
  await p.answer();
  expect(p.m.lostAt).toBe(null);
  await p.later(STALE_AFTER_MS + 1500);
  expect(p.m.why).toBe('silent');
});

it('says so when nothing listens, even before the first answer', async () => {
  const p = page('network-error');
  p.m.link('closed');
  await p.later(10);
  expect(p.m.why).toBe('unreachable');
  await p.later(3000);
  expect(p.m.why).toBe('unreachable');
});
