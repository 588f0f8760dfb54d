// merge: the map's change stream interleaves two feeds, one of which may stay quiet for days.
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { childScriptResult } from './child-script.js';
import { merge } from './merge.js';

/** A stream whose values are pushed from outside; it ends on `end()`, or fails on `fail()`. */
function pushed<T>() {
  const queue: (IteratorResult<T> | { error: Error })[] = [];
  let wake: (() => void) | null = null;
  let asked = 0;
  async function* gen(): AsyncGenerator<T> {
    for (;;) {
      asked++;
      while (!queue.length) await new Promise<void>((ok) => (wake = ok));
      const item = queue.shift()!;
      if ('error' in item) throw item.error;
      if (item.done) return;
      yield item.value;
    }
  }
  const put = (item: IteratorResult<T> | { error: Error }) => {
    queue.push(item);
    wake?.();
  };
  return {
    stream: gen(),
    push: (value: T) => put({ value, done: false }),
    end: () => put({ value: undefined, done: true }),
    fail: (error: Error) => put({ error }),
    asked: () => asked,
  };
}

const tick = () => new Promise((ok) => setImmediate(ok));

describe('merge', () => {
  it('yields each stream\'s values as they come, asks a stream again only once its value is taken, and ends when one ends', async () => {
    const a = pushed<string>();
    const b = pushed<string>();
    let stopped = 0;
    const m = merge([a.stream, b.stream], () => {
      stopped++;
      b.end();
    });
    a.push('a1');
    const first = await m.next();
    expect(first.value).toBe('a1');
    b.push('b1');
    a.push('a2');
    a.push('a3');
    await tick();
    // a1 is taken but the merge has not been asked again, so neither has a: a2 and a3 wait in a's own queue.
    expect(a.asked()).toBe(1);
    expect((await m.next()).value).toBe('b1');
    expect((await m.next()).value).toBe('a2');
    expect((await m.next()).value).toBe('a3');
    a.end();
    expect((await m.next()).done).toBe(true);
    expect(stopped).toBe(1);
  });

  it('fails with a stream\'s error, and ends the others', async () => {
    const a = pushed<number>();
    const b = pushed<number>();
    const m = merge([a.stream, b.stream], () => a.end());
    b.fail(new Error('feed broke'));
    await expect(m.next()).rejects.toThrow('feed broke');
    expect((await a.stream.next()).done).toBe(true);
  });

  it('a quiet stream keeps none of a busy stream\'s values (racing the pending calls kept every one)', async () => {
    const script = `
      const { merge } = await import(${JSON.stringify(resolve(import.meta.dirname, 'merge.ts'))});
      const sent = [];
      async function* busy() {
        for (let i = 0; ; i++) {
          const value = { n: i, layers: new Array(100).fill('incidents') };
          sent.push(new WeakRef(value));
          yield value;
        }
      }
      let release;
      async function* quiet() { await new Promise((ok) => (release = ok)); }
      const held = async (stream) => {
        const it = stream[Symbol.asyncIterator]();
        for (let i = 0; i < 1000; i++) await it.next();
        await new Promise((r) => setTimeout(r, 0));
        globalThis.gc();
        await new Promise((r) => setTimeout(r, 0));
        return sent.splice(0).filter((w) => w.deref() !== undefined).length;
      };
      const merged = await held(merge([busy(), quiet()], () => release()));
      // The way it was done before, for comparison: a race of the pending calls after each value.
      async function* raced(feeds) {
        const next = feeds.map((f, i) => f.next().then((r) => ({ i, r })));
        for (;;) {
          const { i, r } = await Promise.race(next);
          next[i] = feeds[i].next().then((x) => ({ i, r: x }));
          yield r.value;
        }
      }
      const racedHeld = await held(raced([busy(), quiet()]));
      console.log(JSON.stringify({ merged, racedHeld }));
    `;
    const { merged, racedHeld } = await childScriptResult<{ merged: number; racedHeld: number }>(script, { gc: true });
    expect(merged).toBeLessThanOrEqual(2);
    expect(racedHeld).toBeGreaterThanOrEqual(990);
  });
});
