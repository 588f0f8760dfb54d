// What a previewed Open311 import holds until it is imported does not grow with the file (issue
// 19: the console's memory stays bounded): the preview keeps counts and a few hundred rows, and
// the import reads the requests again from the staged file, a chunk at a time (that the import
// writes every request of it is shown in streaming.test.ts).
import { afterEach, describe, expect, it } from 'vitest';
import { previewStaged } from '../../core/city/open311-staged.js';
import { Transfers } from '../../core/transfer/jobs.js';
import type { AuthedContext } from '../../core/trpc.js';
import { openPglite, type Db } from '../../db/index.js';
import { writeRequestsFile } from '../streaming/client.js';
import { cityFixture } from './city-fixture.js';

describe('a previewed Open311 import', () => {
  let db: Db | null = null;
  const transfers = new Transfers();
  afterEach(async () => {
    transfers.closeAll();
    await db?.close();
    db = null;
  });

  it('holds the same few hundred rows for a file ten times larger', async () => {
    db = await openPglite();
    const { t, siteId } = await cityFixture(db);
    const [user] = await db.query<{ id: string; email: string }>("SELECT id, email FROM iam.users WHERE email = 'op@site.test'");
    const [session] = await db.query<{ id: string }>('SELECT id FROM iam.sessions WHERE user_id = $1', [user!.id]);
    const ctx = {
      ...t.core.context('direct'), requestId: 'test', path: 'transfer.open311Import',
      user: { ...user!, displayName: 'Operator', sessionId: session!.id, roles: ['operator'], permissions: ['city:manage', 'city:read'], totpEnabled: false },
    } as AuthedContext;
    const preview = async (n: number) => {
      const job = transfers.create('open311-import', user!.id, 'upload');
      const path = job.path('upload-0');
      const bytes = await writeRequestsFile(path, n, 'json', undefined, `N${n}`);
      const staged = await previewStaged(ctx, job, siteId, [{ name: 'requests.json', path, bytes }]);
      return { job, staged, held: JSON.stringify(staged).length, bytes };
    };
    const small = await preview(600);
    const large = await preview(6000);
    expect(large.staged.preview.counts.request).toEqual({ new: 6000, changed: 0, unchanged: 0, refused: 0 });
    expect(large.staged.preview.records).toHaveLength(500);
    expect(large.staged.preview.more).toBe(5500);
    // Ten times the requests, the same held: the preview's 500 rows, not the file's records.
    expect(large.bytes).toBeGreaterThan(small.bytes * 9);
    expect(large.held).toBeLessThan(small.held * 1.2);
    expect(large.held).toBeLessThan(large.bytes / 5);

  }, 300_000);
});
