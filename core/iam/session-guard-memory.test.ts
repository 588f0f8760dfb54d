// A subscription holds no event it has already sent: the session guard's wait for the next event once
// kept every event of an open stream in memory (a pending promise raced with each one).
import { resolve } from 'node:path';
import { expect, it } from 'vitest';
import { childScriptResult } from '../child-script.js';

it('an open subscription keeps none of the events it has sent', async () => {
  const script = `
    const { SessionGuard } = await import(${JSON.stringify(resolve(import.meta.dirname, 'session-guard.ts'))});
    const guard = new SessionGuard({});
    const { wrap } = guard.admit({ conn: {}, user: null }, 'public');
    const sent = [];
    async function* events() {
      for (let i = 0; ; i++) {
        const event = { n: i, vehicles: new Array(100).fill(i) };
        sent.push(new WeakRef(event));
        yield event;
      }
    }
    const it = wrap(events())[Symbol.asyncIterator]();
    for (let i = 0; i < 1000; i++) await it.next();
    await new Promise((r) => setTimeout(r, 0));
    globalThis.gc();
    await new Promise((r) => setTimeout(r, 0));
    // The stream is still open; of its 1,000 events only the one being handed over may still be held.
    console.log(JSON.stringify({ sent: sent.length, held: sent.filter((w) => w.deref() !== undefined).length }));
  `;
  const { sent, held } = await childScriptResult<{ sent: number; held: number }>(script, { gc: true });
  expect(sent).toBeGreaterThanOrEqual(1000);
  expect(held).toBeLessThanOrEqual(2);
});
