// Restore drill on both engines: data in every module, ingest writing during the backup, a restore
// into a new folder or database, then row counts, per-table content hashes and audit:verify compared.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openBackupFile } from '../../core/backup/container.js';
import { restoreBackup, type RestoreTarget } from '../../core/backup/restore.js';
import { verifyDb } from '../../core/audit/verify.js';
import { SecretBox } from '../../core/iam/secrets.js';
import { testCore } from '../../core/testing.js';
import { migrationLevel, openDb, openPglite, openPostgres, type Db } from '../../db/index.js';
import { contentHashes, fillModules, keepIngesting } from './backup-fixture.js';
import { engines, scratchPostgresUrl } from './engines.js';

const tmp = (p: string) => mkdtempSync(join(tmpdir(), `wf-backup-${p}-`));
const PASS = 'long enough passphrase';

for (const engine of engines()) {
  describe.skipIf(!engine.available)(`backup and restore on ${engine.name}`, () => {
    it('restores what was there when the backup was taken, while ingest kept writing', async () => {
      const dir = tmp('data');
      SecretBox.createKeyFile(join(dir, 'secret.key'));
      const url = engine.name === 'postgres' ? await scratchPostgresUrl() : undefined;
      const db: Db = url ? await openPostgres(url) : await openDb({ dataDir: dir });
      const t = await testCore({ db, config: { dataDir: dir, databaseUrl: url } });
      const { api, vehicleId } = await fillModules(t, SecretBox.fromConfig(undefined, join(dir, 'secret.key')));
      const ingest = keepIngesting(db, vehicleId);
      while ((await db.query<{ n: string }>('SELECT count(*) AS n FROM fleet.telemetry'))[0]!.n === '0') await new Promise((r) => setTimeout(r, 5));
      const folder = tmp('out');
      const run = await api.backup.now({ folder, passphrase: PASS });
      const batches = await ingest.stop();
      expect(run).toMatchObject({ ok: true, includesKey: true, kind: 'manual' });
      const manifest = openBackupFile(run.file!).manifest;
      // Ingest wrote before and after the snapshot: the backup holds some of it, not all.
      expect(manifest.rowCounts['fleet.telemetry']).toBeGreaterThan(0);
      expect(manifest.rowCounts['fleet.telemetry']).toBeLessThan(batches * 100);
      expect(manifest).toMatchObject({ engine: db.mode, schemaLevel: await migrationLevel(db), keysIncluded: true });
      expect(manifest.auditTip!.seq).toBeGreaterThan(0);

      const status = await api.system.status();
      expect(status.backup).toMatchObject({ keyBackedUp: true, lastSuccess: { file: run.file }, lastFailure: null });

      const target: RestoreTarget = url ? { databaseUrl: await scratchPostgresUrl(), keysDir: tmp('keys') } : { dataDir: join(tmp('restore'), 'data') };
      const r = await restoreBackup(run.file!, target, PASS);
      expect(r.auditSeq).toBe(manifest.auditTip!.seq);
      const restored = 'dataDir' in target ? await openPglite(join(target.dataDir, 'pgdata')) : await openPostgres(target.databaseUrl);
      try {
        const keysDir = 'dataDir' in target ? target.dataDir : target.keysDir;
        expect(readFileSync(join(keysDir, 'secret.key'), 'utf8').trim()).toBe(readFileSync(join(dir, 'secret.key'), 'utf8').trim());
        // Every table as it was at the snapshot: all but telemetry and the change stream are unchanged since, those two
        // up to the last row the backup holds (the backup's own run is announced after the snapshot).
        const [last] = await restored.query<{ ts: Date }>('SELECT max(ts) AS ts FROM fleet.telemetry');
        const [lastChange] = await restored.query<{ seq: string }>('SELECT max(seq) AS seq FROM events.changes');
        const upTo = { 'fleet.telemetry': `WHERE ts <= '${last!.ts.toISOString()}'`, 'events.changes': `WHERE seq <= ${Number(lastChange!.seq)}` };
        const before = await contentHashes(t.db, upTo);
        const after = await contentHashes(restored, upTo);
        // The backup's own run and audit entry were written after the snapshot.
        for (const changed of ['org.backups', 'audit.entries', 'audit.checkpoints']) {
          delete before[changed];
          delete after[changed];
        }
        expect(after).toEqual(before);
        const v = await verifyDb(restored);
        expect(v).toMatchObject({ ok: true, lastSeq: manifest.auditTip!.seq, lastHash: manifest.auditTip!.hash });
      } finally {
        await restored.close();
        await t.core.stop();
        await db.close();
      }
    }, 240_000);
  });
}
