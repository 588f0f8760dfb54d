// Bad backups are refused by name and write nothing: a truncated file, a flipped byte, a wrong
// passphrase, a newer schema, a non-empty target; a backup killed with SIGKILL while it writes
// leaves the previous one intact and nothing under its own name.
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, readdirSync, statSync, truncateSync, watch, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openBackupFile, writeBackupFile } from '../../core/backup/container.js';
import { restoreBackup } from '../../core/backup/restore.js';
import { sealKeys } from '../../core/backup/seal.js';
import { takeBackup } from '../../core/backup/take.js';
import { openDb, PACKAGE_ROOT } from '../../db/index.js';

const tmp = (p: string) => mkdtempSync(join(tmpdir(), `wf-bad-${p}-`));
const PASS = 'the right passphrase';
let good = '';

/** Restores into a new folder and expects a refusal matching `why`, with nothing written there or beside it. */
async function refused(file: string, why: RegExp, passphrase = PASS) {
  const parent = tmp('target');
  const dataDir = join(parent, 'data');
  await expect(restoreBackup(file, { dataDir }, passphrase)).rejects.toThrow(why);
  expect(readdirSync(parent)).toEqual([]);
}

beforeAll(async () => {
  const dir = tmp('src');
  const db = await openDb({ dataDir: dir });
  await db.query(`INSERT INTO org.sites (slug, name, lat, lon) VALUES ('second', 'Second site', 51.5, 5.5)`).catch(() => {});
  good = join(tmp('out'), 'good.wfbackup');
  await takeBackup({ db, out: good, sealedKeys: sealKeys({ secretKey: Buffer.alloc(32, 7).toString('base64'), auditSigningKey: null }, PASS), now: new Date() });
  await db.close();
}, 120_000);

describe('bad backups', () => {
  it('a good file restores (the baseline the refusals below differ from)', async () => {
    const dataDir = join(tmp('ok'), 'data');
    const r = await restoreBackup(good, { dataDir }, PASS);
    expect(r.keysWritten).toEqual([join(dataDir, 'secret.key')]);
    expect(readFileSync(join(dataDir, 'secret.key'), 'utf8')).toBe(Buffer.alloc(32, 7).toString('base64'));
  });

  it('a truncated file is refused as truncated', async () => {
    const cut = join(tmp('cut'), 'cut.wfbackup');
    copyFileSync(good, cut);
    truncateSync(cut, Math.floor(statSync(cut).size / 2));
    await refused(cut, /is truncated: it ends before its end line.*Nothing was written/);
  });

  it('a flipped byte is refused by the checksum', async () => {
    const flipped = join(tmp('flip'), 'flip.wfbackup');
    const bytes = readFileSync(good);
    bytes[Math.floor(bytes.length / 2)]! ^= 0x01;
    writeFileSync(flipped, bytes);
    await refused(flipped, /fails its checksum: its content was changed or damaged/);
  });

  it('a wrong passphrase is refused by name', async () => {
    await refused(good, /Wrong passphrase: it does not open the keys sealed in this backup\. Nothing was written/, 'not the passphrase');
  });

  it('a backup of a newer schema is refused', async () => {
    const bf = openBackupFile(good);
    const dir = tmp('newer');
    const data = join(dir, 'pgdata.tar.gz');
    bf.copyTo('pgdata.tar.gz', data);
    const newer = join(dir, 'newer.wfbackup');
    const { sections: _s, format: _f, formatVersion: _v, ...m } = bf.manifest;
    writeBackupFile(newer, { ...m, schemaLevel: 999 }, [{ name: 'pgdata.tar.gz', path: data }, { name: 'keys.sealed', data: bf.read('keys.sealed') }]);
    await refused(newer, /schema level 999, newer than this Watchfloor .*update Watchfloor first/);
  });

  it('a folder that is not empty is refused and left as it was', async () => {
    const dataDir = tmp('full');
    writeFileSync(join(dataDir, 'notes.txt'), 'mine');
    await expect(restoreBackup(good, { dataDir }, PASS)).rejects.toThrow(/is not empty: a restore goes into a new or empty data folder/);
    expect(readdirSync(dataDir)).toEqual(['notes.txt']);
  });

  it('kill -9 while writing: the previous backup is intact, nothing under the new name, the leftover is refused', async () => {
    const dataDir = tmp('kill');
    const db = await openDb({ dataDir });
    // Enough rows that the file takes a while to write.
    await db.exec(`CREATE TABLE org.ballast AS SELECT g, md5(g::text) || md5((g * 7)::text) AS pad FROM generate_series(1, 400000) g`);
    await db.close();
    const out = tmp('kill-out');
    const previous = join(out, 'previous.wfbackup');
    copyFileSync(good, previous);
    const target = join(out, 'next.wfbackup');
    const child = spawn(process.execPath, ['--import', 'tsx', join(PACKAGE_ROOT, 'core/backup/cli.ts'), '--out', target], {
      cwd: PACKAGE_ROOT, env: { ...process.env, WATCHFLOOR_DATA_DIR: dataDir, WATCHFLOOR_BACKUP_PASSPHRASE: PASS, DATABASE_URL: '' }, stdio: 'ignore',
    });
    const exited = new Promise((r) => child.on('exit', r));
    // Killed the moment its file appears beside the final name, while it is being written.
    await new Promise<void>((resolve) => {
      const w = watch(out, (_e, name) => {
        if (name === 'next.wfbackup.partial') {
          child.kill('SIGKILL');
          w.close();
          resolve();
        }
      });
    });
    await exited;
    expect(existsSync(target)).toBe(false);
    expect(openBackupFile(previous).manifest.schemaLevel).toBeGreaterThan(0);
    const leftover = `${target}.partial`;
    expect(existsSync(leftover)).toBe(true);
    await refused(leftover, /truncated|is not a Watchfloor backup/);
  }, 180_000);
});
