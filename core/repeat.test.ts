import { afterEach, describe, expect, it, vi } from 'vitest';
import { repeat } from './repeat.js';

describe('repeat', () => {
  afterEach(() => vi.useRealTimers());

  it('skips ticks while a run still waits, runs again once it ended, and reports what a run threw', async () => {
    vi.useFakeTimers();
    const failures: string[] = [];
    const ends: Array<(fail?: Error) => void> = [];
    const stop = repeat(5000, () => new Promise<void>((ok, fail) => ends.push((err) => (err ? fail(err) : ok()))), (err) => failures.push(err.message));
    await vi.advanceTimersByTimeAsync(5000);
    expect(ends).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(15_000); // the first run still waits: three ticks skipped
    expect(ends).toHaveLength(1);
    ends[0]!(new Error('database busy'));
    await vi.advanceTimersByTimeAsync(5000);
    expect(failures).toEqual(['database busy']);
    expect(ends).toHaveLength(2);
    ends[1]!();
    stop();
    await vi.advanceTimersByTimeAsync(20_000);
    expect(ends).toHaveLength(2);
  });
});
