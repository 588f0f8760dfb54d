import { existsSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Transfers } from './jobs.js';

const settled = async (t: Transfers, id: string) => {
  for (let i = 0; i < 200 && t.get(id, 'u1').state === 'running'; i++) await new Promise((r) => setTimeout(r, 5));
  return t.get(id, 'u1').status();
};

describe('transfers', () => {
  it('a cancel while chunks are still coming ends it at once and removes its files', () => {
    const t = new Transfers();
    const job = t.create('open311-import', 'u1', 'upload');
    writeFileSync(job.path('upload-0'), 'half a file');
    t.cancel(job);
    expect(job.status()).toMatchObject({ state: 'cancelled', error: 'Cancelled: nothing was kept.', cancellable: false });
    expect(existsSync(job.dir)).toBe(false);
  });

  it('work that is cancelled stops at its next check; its files go', async () => {
    const t = new Transfers();
    const job = t.create('audit-export', 'u1', 'exporting');
    let pages = 0;
    t.run(job, async () => {
      for (;;) {
        job.check();
        writeFileSync(job.path('out'), String(++pages));
        await new Promise((r) => setTimeout(r, 5));
      }
    });
    await new Promise((r) => setTimeout(r, 30));
    t.cancel(job);
    expect(await settled(t, job.id)).toMatchObject({ state: 'cancelled', files: [] });
    expect(existsSync(job.dir)).toBe(false);
  });

  it('refuses a cancel once an import writes, and says why; a failure is reported in words', async () => {
    const t = new Transfers();
    const job = t.create('open311-import', 'u1', 'writing');
    let release!: () => void;
    t.run(job, () => new Promise<void>((ok) => (release = ok)));
    job.cancellable = false;
    expect(() => t.cancel(job)).toThrow(/can no longer be stopped half-way/);
    release();
    expect(await settled(t, job.id)).toMatchObject({ state: 'done', phase: 'ready' });
    const failing = t.create('open311-export', 'u1', 'exporting');
    t.run(failing, async () => {
      throw new Error('disk full');
    });
    expect(await settled(t, failing.id)).toMatchObject({ state: 'failed', error: 'It stopped: disk full' });
  });

  it("is nobody else's: another user's id reads as unknown", () => {
    const t = new Transfers();
    const job = t.create('audit-export', 'u1', 'exporting');
    expect(() => t.get(job.id, 'u2')).toThrow(/No such import or export/);
  });
});
