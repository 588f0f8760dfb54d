// Scheduled backups (due once per period, newest N kept, failures recorded and shown) and
// `npm run backup` against a running console on an embedded database (the console takes it).
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { openBackupFile } from '../../core/backup/container.js';
import { serveBackupSocket } from '../../core/backup/socket.js';
import { SecretBox } from '../../core/iam/secrets.js';
import { systemStatus } from '../../core/system/status.js';
import { testCore } from '../../core/testing.js';
import { openDb, PACKAGE_ROOT } from '../../db/index.js';

const tmp = (p: string) => mkdtempSync(join(tmpdir(), `wf-sched-${p}-`));
const PASS = 'schedule passphrase';

async function consoleOnDisk() {
  const dir = tmp('data');
  SecretBox.createKeyFile(join(dir, 'secret.key'));
  const db = await openDb({ dataDir: dir });
  return { dir, ...(await testCore({ db, config: { dataDir: dir } })) };
}

describe('scheduled backups', () => {
  it('run when due, once per period, keep the newest N, and record failures where Settings and system.status show them', async () => {
    const t = await consoleOnDisk();
    const api = await t.signedIn(['admin']);
    const folder = tmp('out');
    await expect(api.backup.setSchedule({ enabled: true, folder, everyHours: 6, keep: 2 })).rejects.toThrow(/passphrase: scheduled backups need a passphrase/);
    expect(await api.backup.setSchedule({ enabled: true, folder, everyHours: 6, keep: 2, passphrase: PASS })).toMatchObject({ hasKeys: true });
    const backups = t.core.backups;
    expect(await backups.tick()).toMatchObject({ ok: true, kind: 'scheduled', includesKey: true });
    expect(await backups.tick()).toBeNull(); // not due again yet
    for (let i = 0; i < 2; i++) {
      t.clock.advance(6 * 3_600_000);
      expect(await backups.tick()).toMatchObject({ ok: true });
    }
    const files = readdirSync(folder).filter((f) => f.endsWith('.wfbackup'));
    expect(files).toHaveLength(2);
    expect(openBackupFile(join(folder, files[0]!)).manifest.keysIncluded).toBe(true);
    const audit = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit.entries WHERE body->>'action' = 'backup.scheduled'`);
    expect(audit[0]!.n).toBe(3);

    // A folder that cannot be written: the run fails, is recorded, and both places show it.
    const blocked = join(tmp('blocked'), 'a-file');
    writeFileSync(blocked, '');
    const admin = await t.signedIn(['admin']); // the first one's session has idled out as the clock moved
    await admin.backup.setSchedule({ enabled: true, folder: join(blocked, 'sub'), everyHours: 6, keep: 2 });
    t.clock.advance(6 * 3_600_000);
    expect(await backups.tick()).toMatchObject({ ok: false, error: expect.stringMatching(/ENOTDIR|not a directory/) });
    // What system.status carries for a signed-in caller, and Settings → Backup's state.
    const status = await systemStatus(t.db, t.clock, new Date(), null);
    expect(status.backup).toMatchObject({ keyBackedUp: true, lastSuccess: { kind: 'scheduled' }, lastFailure: { kind: 'scheduled', ok: false } });
    expect((await backups.state()).recent.map((r) => r.ok)).toEqual([false, true, true, true]);
    await t.db.close();
  }, 180_000);

  it('npm run backup while the console runs: the console takes the backup over its socket', async () => {
    const t = await consoleOnDisk();
    await t.signedIn(['admin']);
    const stop = serveBackupSocket(t.dir, t.core.backups, t.db, t.clock, { warn: () => {} } as never);
    const out = join(tmp('cli'), 'cli.wfbackup');
    try {
      const r = await promisify(execFile)(process.execPath, ['--import', 'tsx', join(PACKAGE_ROOT, 'core/backup/cli.ts'), '--out', out], {
        cwd: PACKAGE_ROOT, env: { ...process.env, WATCHFLOOR_DATA_DIR: t.dir, WATCHFLOOR_BACKUP_PASSPHRASE: PASS, DATABASE_URL: '' },
      });
      expect(r.stderr).toMatch(/The console is running on this data folder: asking it to take the backup/);
      expect(r.stdout).toMatch(/Backup written: .*cli\.wfbackup .* with the secret keys sealed by your passphrase/);
      expect(openBackupFile(out).manifest).toMatchObject({ engine: 'embedded', keysIncluded: true });
      const [run] = await t.db.query<{ kind: string }>('SELECT kind FROM org.backups');
      expect(run!.kind).toBe('command_line');
    } finally {
      stop();
      await t.db.close();
    }
  }, 180_000);
});
