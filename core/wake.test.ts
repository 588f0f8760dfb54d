// wakeOrAbort: the wait of long-lived streams (the fleet feed, changes of kinds), which must not grow
// with every wait.
import { getEventListeners } from 'node:events';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { childScriptResult } from './child-script.js';
import { wakeOrAbort } from './wake.js';

describe('wakeOrAbort', () => {
  it('resolves when woken or aborted, at once when already aborted, and leaves no listener behind', async () => {
    const ac = new AbortController();
    let wake!: () => void;
    const woken = wakeOrAbort(ac.signal, (w) => (wake = w));
    expect(getEventListeners(ac.signal, 'abort')).toHaveLength(1);
    wake();
    await woken;
    expect(getEventListeners(ac.signal, 'abort')).toHaveLength(0);
    const aborted = wakeOrAbort(ac.signal, () => {});
    ac.abort();
    await aborted;
    expect(getEventListeners(ac.signal, 'abort')).toHaveLength(0);
    let armed = false;
    await wakeOrAbort(ac.signal, () => (armed = true));
    expect(armed).toBe(false);
  });

  it('holds nothing per wait, where racing a promise that settles on abort held about 300 bytes each', async () => {
    const script = `
      const { wakeOrAbort } = await import(${JSON.stringify(resolve(import.meta.dirname, 'wake.ts'))});
      const ac = new AbortController();
      const aborted = new Promise((ok) => ac.signal.addEventListener('abort', () => ok(), { once: true }));
      const perWait = async (wait) => {
        globalThis.gc();
        const before = process.memoryUsage().heapUsed;
        for (let i = 0; i < 50000; i++) await wait();
        globalThis.gc();
        return (process.memoryUsage().heapUsed - before) / 50000;
      };
      const helper = await perWait(() => wakeOrAbort(ac.signal, (w) => setImmediate(w)));
      const race = await perWait(() => Promise.race([new Promise((w) => setImmediate(w)), aborted]));
      console.log(JSON.stringify({ helper, race }));
    `;
    const { helper, race } = await childScriptResult<{ helper: number; race: number }>(script, { gc: true });
    expect(race).toBeGreaterThan(100); // the measurement sees what the old wait kept
    expect(helper).toBeLessThan(20);
  });
});
