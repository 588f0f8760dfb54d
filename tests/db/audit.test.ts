import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { appendAudit, type AuditInput } from '../../core/audit/store.js';
import { exportAudit } from '../../core/audit/export.js';
import { verifyDb, verifyFile } from '../../core/audit/verify.js';
import { migrate, openDb, type Db } from '../../db/index.js';
import { engines, scratchPostgresUrl } from './engines.js';

const input = (i: number, writer = 0): AuditInput => ({
  actorId: null, actorEmail: `writer${writer}@site.test`, sessionId: null, action: 'test.write', resourceType: 'thing', resourceId: String(i),
  siteId: null, oldValues: null, newValues: { i, writer, nested: { b: 1, a: [0.1, 'x'] } }, lat: 51.44 + i / 1e5, lon: 5.47, requestId: null,
  outcome: 'success', reason: null,
});
const append = (db: Db, n: number, writer = 0) => db.transaction((tx) => appendAudit(tx, input(n, writer), new Date()));

/** Runs `npm run audit:verify` on a database or a file; returns its exit code and first line. */
function cli(args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'core/audit/cli.ts', ...args], { encoding: 'utf8', env: { ...process.env, WATCHFLOOR_DATA_DIR: '/nonexistent' } });
  return { code: r.status, out: (r.stdout + r.stderr).trim() };
}

for (const engine of engines()) {
  describe.skipIf(!engine.available)(`audit log on ${engine.name}`, () => {
    let db: Db;
    afterEach(async () => db?.close());

    it('8 concurrent writers × 250 entries make one unbroken chain of 2000', async () => {
      db = await engine.fresh();
      await migrate(db);
      await Promise.all(Array.from({ length: 8 }, async (_, w) => {
        for (let i = 0; i < 250; i++) await append(db, i, w);
      }));
      const r = await verifyDb(db, { batch: 300 });
      expect(r).toMatchObject({ ok: true, count: 2000, lastSeq: 2000, problem: null });
      const [forks] = await db.query<{ n: number }>('SELECT count(*)::int - count(DISTINCT prev_hash)::int AS n FROM audit.entries');
      expect(forks!.n).toBe(0);
      const perWriter = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit.entries GROUP BY actor_email`);
      expect(perWriter.map((r) => r.n)).toEqual(Array(8).fill(250));
    });

    it('refuses UPDATE, DELETE and TRUNCATE on the log', async () => {
      db = await engine.fresh();
      await migrate(db);
      await append(db, 1);
      await expect(db.exec(`UPDATE audit.entries SET body = body || '{"reason": "x"}'`)).rejects.toThrow(/append-only: UPDATE/);
      await expect(db.exec(`UPDATE audit.entries SET reason = 'x'`)).rejects.toThrow(/can only be updated to DEFAULT/);
      await expect(db.exec(`DELETE FROM audit.entries`)).rejects.toThrow(/append-only: DELETE/);
      await expect(db.exec(`TRUNCATE audit.entries`)).rejects.toThrow(/append-only: TRUNCATE/);
      expect(await verifyDb(db)).toMatchObject({ ok: true, count: 1 });
    });

    it('catches tampering done with the triggers disabled, naming the first bad entry', async () => {
      db = await engine.fresh();
      await migrate(db);
      for (let i = 1; i <= 30; i++) await append(db, i);
      const tamper = async (sql: string) => {
        await db.exec(`ALTER TABLE audit.entries DISABLE TRIGGER USER; ${sql}; ALTER TABLE audit.entries ENABLE TRIGGER USER;`);
      };
      await tamper(`UPDATE audit.entries SET body = jsonb_set(body, '{reason}', '"nothing happened"') WHERE seq = 20`);
      expect((await verifyDb(db)).problem).toEqual({ seq: 20, reason: expect.stringContaining('entry 20 was changed') });
      await tamper(`DELETE FROM audit.entries WHERE seq = 12`);
      expect((await verifyDb(db)).problem).toEqual({ seq: 12, reason: expect.stringContaining('entries 12–12 are missing') });
      // Reorder: swap two entries' content, keeping their numbers, so the sequence looks right.
      await tamper(`UPDATE audit.entries e SET body = jsonb_set(o.body, '{seq}', to_jsonb(e.seq))
                    FROM audit.entries o WHERE (e.seq, o.seq) IN ((5, 6), (6, 5))`);
      expect((await verifyDb(db)).problem?.seq).toBe(5);
    });
  });
}

describe('audit:verify and export files', () => {
  it('checks an embedded database and an export, and names the first bad entry', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wf-audit-'));
    const db = await openDb({ dataDir: dir });
    for (let i = 1; i <= 40; i++) await append(db, i);
    const { jsonl, manifest } = await exportAudit(db, new Date());
    await db.close();
    expect(manifest).toMatchObject({ count: 40, firstSeq: 1, lastSeq: 40 });

    expect(cli(['--db', dir])).toMatchObject({ code: 0, out: expect.stringMatching(/^OK: 40 entries/) });
    const file = join(dir, 'audit.jsonl');
    writeFileSync(file, jsonl);
    writeFileSync(`${file}.manifest.json`, JSON.stringify(manifest));
    expect(cli(['--file', file])).toMatchObject({ code: 0, out: expect.stringMatching(/^OK: 40 entries/) });
    expect(await verifyFile(file)).toMatchObject({ ok: true, count: 40 });

    const lines = readFileSync(file, 'utf8').trim().split('\n');
    const edited = lines.map((l, i) => (i === 24 ? l.replace('\\"outcome\\": \\"success\\"', '\\"outcome\\": \\"failed\\"') : l));
    expect(edited[24]).not.toBe(lines[24]);
    writeFileSync(file, edited.join('\n') + '\n');
    expect(cli(['--file', file])).toMatchObject({ code: 1, out: expect.stringMatching(/^BROKEN at entry 25: entry 25 was changed/) });

    writeFileSync(file, lines.slice(0, 35).join('\n') + '\n'); // the end cut off: only the manifest can tell
    expect(cli(['--file', file])).toMatchObject({ code: 1, out: expect.stringMatching(/^BROKEN at entry 36: the file holds 35 entries.*manifest says 40/) });
    expect(cli(['--file', join(dir, 'missing.jsonl')]).code).toBe(2);
  });

  it.skipIf(!engines()[1]!.available)('checks a central database by URL', async () => {
    const url = await scratchPostgresUrl();
    const db = await openDb({ databaseUrl: url });
    for (let i = 1; i <= 5; i++) await append(db, i);
    await db.exec(`ALTER TABLE audit.entries DISABLE TRIGGER USER; UPDATE audit.entries SET body = jsonb_set(body, '{actorEmail}', '"someone@else"') WHERE seq = 3; ALTER TABLE audit.entries ENABLE TRIGGER USER`);
    await db.close();
    expect(cli(['--db', url])).toMatchObject({ code: 1, out: expect.stringMatching(/^BROKEN at entry 3: entry 3 was changed.*2 entries before it verify/) });
  });
});
