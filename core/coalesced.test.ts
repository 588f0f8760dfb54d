import { describe, expect, it } from 'vitest';
import { coalesced } from './coalesced.js';

describe('coalesced reads', () => {
  it('answers keys asked for in the same turn with one read, and keys asked for while it runs with the next', async () => {
    const reads: string[][] = [];
    let release!: () => void;
    const read = coalesced(async (keys: string[]) => {
      reads.push(keys);
      if (reads.length === 1) await new Promise<void>((r) => (release = r));
      return new Map(keys.filter((k) => k !== 'none').map((k) => [k, k.toUpperCase()]));
    }, () => 'absent');
    const first = Promise.all(['a', 'b', 'a', 'none'].map(read));
    await new Promise((r) => setImmediate(r));
    const second = Promise.all(['c', 'd', 'c'].map(read));
    release();
    expect(await first).toEqual(['A', 'B', 'A', 'absent']);
    expect(await second).toEqual(['C', 'D', 'C']);
    expect(reads).toEqual([['a', 'b', 'none'], ['c', 'd']]);
  });

  it('fails only the keys of a read that fails, and reads again for later ones', async () => {
    let fail = true;
    const read = coalesced(async (keys: number[]) => {
      if (fail) throw new Error('database away');
      return new Map(keys.map((k) => [k, k * 2]));
    }, () => 0);
    await expect(Promise.all([1, 2].map(read))).rejects.toThrow('database away');
    fail = false;
    expect(await Promise.all([1, 3].map(read))).toEqual([2, 6]);
  });

  it('gives each absent key its own value', async () => {
    const read = coalesced(async () => new Map<string, Map<string, number>>(), () => new Map<string, number>());
    const [x, y] = await Promise.all(['x', 'y'].map(read));
    x!.set('k', 1);
    expect(y!.size).toBe(0);
  });
});
