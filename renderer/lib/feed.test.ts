import { describe, expect, it } from 'vitest';
import { applyFeed } from './feed.js';

describe('applyFeed', () => {
  it('a snapshot replaces, a delta updates only what it carries', () => {
    const first = applyFeed(new Map(), 'snapshot', [{ id: 'a', v: 1 }, { id: 'b', v: 1 }]);
    const second = applyFeed(first, 'delta', [{ id: 'b', v: 2 }, { id: 'c', v: 1 }]);
    expect([...second.values()]).toEqual([{ id: 'a', v: 1 }, { id: 'b', v: 2 }, { id: 'c', v: 1 }]);
    expect(first.get('b')).toEqual({ id: 'b', v: 1 });
    const third = applyFeed(second, 'snapshot', [{ id: 'c', v: 3 }]);
    expect([...third.keys()]).toEqual(['c']);
  });
});
