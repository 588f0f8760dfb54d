import { describe, expect, it } from 'vitest';
import { attempt, Latest, LiveList, Selection } from './list-detail.svelte.js';

/** A read whose answer the test gives when it wants, to overlap reads in any order. */
function later<T>() {
  let resolve!: (v: T) => void, reject!: (e: Error) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}
const settle = () => new Promise((r) => setTimeout(r, 0));

describe('Latest', () => {
  it('keeps only the newest check true; drop ends them all', () => {
    const latest = new Latest();
    const first = latest.next();
    const same = latest.current();
    expect(first() && same()).toBe(true);
    const second = latest.next();
    expect([first(), same(), second()]).toEqual([false, false, true]);
    latest.drop();
    expect(second()).toBe(false);
  });
});

describe('LiveList', () => {
  it('shows the newest read even when an older one answers last', async () => {
    const list = new LiveList<string>();
    const old = later<string[]>(), recent = later<string[]>();
    const a = list.load(() => old.promise);
    const b = list.load(() => recent.promise);
    recent.resolve(['new filter']);
    expect(await b).toBe(true);
    expect(list.loading).toBe(false);
    old.resolve(['old filter']);
    expect(await a).toBe(false);
    expect(list.rows).toEqual(['new filter']);
  });

  it('a stale refusal is not shown, the newest one is, and the rows it had stay', async () => {
    const list = new LiveList<number>();
    await list.load(async () => [1, 2]);
    const old = later<number[]>();
    const a = list.load(() => old.promise);
    const b = list.load(() => Promise.reject(new Error('The filter is refused.')));
    expect(await b).toBe(false);
    old.reject(new Error('an old failure'));
    await a;
    expect(list.error).toBe('The filter is refused.');
    expect(list.rows).toEqual([1, 2]);
    expect(list.loading).toBe(false);
  });

  it('a read under way when the user signs out does not land', async () => {
    const list = new LiveList<string>();
    const pending = later<string[]>();
    const a = list.load(() => pending.promise);
    list.reset();
    pending.resolve(['the previous user’s rows']);
    expect(await a).toBe(false);
    expect(list.rows).toEqual([]);
    expect(list.loading).toBe(false);
  });
});

describe('Selection', () => {
  it('shows the detail of the record selected last, whatever order the answers come in', async () => {
    const answers = new Map([['a', later<string>()], ['b', later<string>()]]);
    const sel = new Selection((id) => answers.get(id)!.promise);
    expect(sel.set('a')).toBe(true);
    expect(sel.set('a')).toBe(false);
    sel.set('b');
    answers.get('b')!.resolve('detail of b');
    answers.get('a')!.resolve('detail of a');
    await settle();
    expect(sel.detail).toBe('detail of b');
    expect(sel.error).toBe(null);
  });

  it('a refusal for a record no longer selected is not shown; clearing empties it', async () => {
    const a = later<string>();
    const sel = new Selection((id) => (id === 'a' ? a.promise : Promise.reject(new Error('No such mission.'))));
    sel.set('a');
    sel.set('gone');
    await settle();
    expect(sel.error).toBe('No such mission.');
    a.reject(new Error('late failure for a'));
    await settle();
    expect(sel.error).toBe('No such mission.');
    sel.set(null);
    expect([sel.id, sel.detail, sel.error]).toEqual([null, null, null]);
  });
});

describe('attempt', () => {
  it('answers null and refreshes after a change, the refusal as a sentence without refreshing', async () => {
    let refreshed = 0;
    expect(await attempt(async () => {}, () => refreshed++)).toBe(null);
    expect(await attempt(() => Promise.reject(new Error('Mission changed since you loaded it.')), () => refreshed++)).toBe('Mission changed since you loaded it.');
    expect(refreshed).toBe(1);
  });
});
