// A console that stops right after it started: the retention job it began when it took its duties
// ends before the core says it has stopped, so it never meets a database its host has closed.
import { describe, expect, it } from 'vitest';
import { testCore } from '../../core/testing.js';

describe('stopping', () => {
  it('waits for the retention job under way', async () => {
    const errors: string[] = [];
    const t = await testCore({ logSink: (e) => void (e.level === 'error' && errors.push(`${e.msg} ${JSON.stringify(e.data)}`)) });
    await t.core.start();
    await t.core.stop();
    await t.db.close();
    // A job still running would now fail on the closed database; give it the time to.
    await new Promise((r) => setTimeout(r, 500));
    expect(errors).toEqual([]);
  });
});
