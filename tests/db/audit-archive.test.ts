// Audit archiving on both engines: a segment moves to an archive file, the live log keeps an
// anchoring entry and verifies alone; with the archive the whole history verifies; a changed
// entry in the archive is named with its file; the log still refuses a plain DELETE.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { archiveAudit } from '../../core/audit/archive.js';
import { chainChecker } from '../../core/audit/chain-check.js';
import { verifyArchives } from '../../core/audit/verify-archives.js';
import { verifyDb } from '../../core/audit/verify.js';
import { testCore } from '../../core/testing.js';
import { engines } from './engines.js';

for (const engine of engines()) {
  describe.skipIf(!engine.available)(`audit archiving on ${engine.name}`, () => {
    it('archives a segment, verifies the rest alone and the whole with the archive, and names a tampered archive entry', async () => {
      const t = await testCore({ db: await engine.fresh() });
      for (let i = 0; i < 4; i++) await t.signedIn(['viewer']);
      const [old] = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM audit.entries');
      await new Promise((r) => setTimeout(r, 20));
      const cutoff = new Date();
      await new Promise((r) => setTimeout(r, 20));
      for (let i = 0; i < 3; i++) await t.signedIn(['viewer']);

      const folder = mkdtempSync(join(tmpdir(), 'wf-audit-archive-'));
      const caller = { db: t.db, clock: t.clock, user: null, requestId: 'test', path: 'retention.audit' };
      const seg = await archiveAudit(caller, t.db, t.clock, cutoff, folder);
      expect(seg).toMatchObject({ firstSeq: 1, lastSeq: old!.n });
      const [left] = await t.db.query<{ first: string; n: number }>('SELECT min(seq) AS first, count(*)::int AS n FROM audit.entries');
      expect(Number(left!.first)).toBe(old!.n + 1);

      // The live log alone: its chain starts at the archive's anchored last entry.
      const live = await verifyDb(t.db);
      expect(live).toMatchObject({ ok: true, count: left!.n });
      expect((await chainChecker()(t.db, new Date(), true)).ok).toBe(true);
      const [anchor] = await t.db.query<{ new_values: Record<string, unknown> }>(`SELECT new_values FROM audit.entries WHERE action = 'audit.archive_segment'`);
      expect(anchor!.new_values).toMatchObject({ lastSeq: seg!.lastSeq, lastHash: seg!.lastHash, sha256: seg!.sha256 });

      // The whole history, with the archive.
      expect(await verifyArchives(t.db, [seg!.file])).toMatchObject({ ok: true, archived: seg!.lastSeq });
      // Without the archive files given, the check says what is missing.
      expect((await verifyArchives(t.db, [])).problem?.reason).toMatch(/entries 1–\d+ are archived in files not given/);

      // One entry of the archive changed: named, with its file.
      const lines = readFileSync(seg!.file, 'utf8').trimEnd().split('\n');
      const victim = JSON.parse(lines[1]!) as { body: string };
      victim.body = victim.body.replace('"outcome": "success"', '"outcome": "failed"');
      lines[1] = JSON.stringify(victim);
      writeFileSync(seg!.file, lines.join('\n') + '\n');
      const tampered = await verifyArchives(t.db, [seg!.file]);
      expect(tampered.ok).toBe(false);
      expect(tampered.problem).toMatchObject({ seq: 2, reason: expect.stringMatching(/entry 2 was changed after it was written .*, in audit-1-\d+\.jsonl/) });

      // Archiving is the only way out of the log.
      await expect(t.db.query('DELETE FROM audit.entries WHERE seq = $1', [old!.n + 1])).rejects.toThrow(/append-only/);
      await expect(t.db.query(`SELECT audit.archive_segment($1, $2, $3, 'x.jsonl')`, [old!.n + 1, 'a'.repeat(64), 'b'.repeat(64)])).rejects.toThrow(/is not in the log|no entry in the log anchors/);
      await t.db.close();
    });
  });
}
