import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DbError, loadMigrations, openDb, openPglite, type Db } from '../../db/index.js';
import { hashTree } from './files.js';

const codeLevel = loadMigrations().length;
const tmp = () => mkdtempSync(join(tmpdir(), 'wf-embedded-'));
const refusal = (p: Promise<unknown>) => p.then(() => null, (e: unknown) => e as DbError);

describe('embedded database on disk', () => {
  let db: Db | undefined;
  afterEach(async () => {
    await db?.close();
    db = undefined;
  });

  it('keeps its data across restarts', async () => {
    const dir = tmp();
    db = await openDb({ dataDir: dir });
    await db.query(`UPDATE org.sites SET name = 'Kept across restarts'`);
    await db.close();
    db = await openDb({ dataDir: dir });
    expect(await db.query('SELECT name FROM org.sites')).toEqual([{ name: 'Kept across restarts' }]);
  });

  it('refuses a second instance on the same folder, naming the holder', async () => {
    const dir = tmp();
    const child = spawn(process.execPath, ['--import', 'tsx', 'tests/db/hold-embedded.ts', dir], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      await new Promise<void>((ok, fail) => {
        child.stdout.on('data', (d: Buffer) => d.toString().includes('ready') && ok());
        child.on('exit', (code) => fail(new Error(`holder exited with ${code}`)));
      });
      const err = await refusal(openDb({ dataDir: dir }));
      expect(err).toBeInstanceOf(DbError);
      expect(err!.code).toBe('locked');
      expect(err!.message).toContain(`pid ${child.pid}`);
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('takes over the lock of a process that died', async () => {
    const dir = tmp();
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString();
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'pgdata.lock'), dead);
    db = await openDb({ dataDir: dir });
    expect(readFileSync(join(dir, 'pgdata.lock'), 'utf8')).toBe(String(process.pid));
    await db.close();
    expect(existsSync(join(dir, 'pgdata.lock'))).toBe(false);
    db = undefined;
  });

  it('refuses a folder that is not a database and leaves it untouched', async () => {
    const dir = tmp();
    mkdirSync(join(dir, 'pgdata'));
    writeFileSync(join(dir, 'pgdata', 'notes.txt'), 'my files');
    const before = hashTree(dir);
    const err = await refusal(openDb({ dataDir: dir }));
    expect(err?.code).toBe('corrupt');
    expect(err?.message).toMatch(/not an embedded Watchfloor database.*untouched/);
    expect(hashTree(dir)).toEqual(before);
  });

  it('refuses a corrupt database and leaves its files as they were', async () => {
    const dir = tmp();
    db = await openDb({ dataDir: dir });
    await db.close();
    db = undefined;
    writeFileSync(join(dir, 'pgdata', 'global', 'pg_control'), Buffer.alloc(8192, 0x5a));
    const before = hashTree(join(dir, 'pgdata'));
    const err = await refusal(openDb({ dataDir: dir }));
    expect(err?.code).toBe('corrupt');
    expect(err?.message).toMatch(/could not be opened.*left as it is/);
    expect(hashTree(join(dir, 'pgdata'))).toEqual(before);
  });

  it('refuses a database written by a newer Watchfloor without touching a byte', async () => {
    const dir = tmp();
    db = await openDb({ dataDir: dir });
    await db.close();
    // What a newer version leaves behind: one more migration, in the database and beside it.
    db = await openPglite(join(dir, 'pgdata'));
    await db.query(`INSERT INTO public.watchfloor_migrations (version, name, checksum) VALUES ($1, 'newer', 'n')`, [codeLevel + 1]);
    const marker = join(dir, 'pgdata', 'watchfloor-migrations.json');
    const applied = JSON.parse(readFileSync(marker, 'utf8')) as unknown[];
    writeFileSync(marker, JSON.stringify([...applied, { version: codeLevel + 1, name: 'newer', checksum: 'n' }]));
    await db.close();
    db = undefined;
    const before = hashTree(dir);
    const err = await refusal(openDb({ dataDir: dir }));
    expect(err?.code).toBe('too_new');
    expect(err?.message).toMatch(/newer than this Watchfloor/);
    expect(hashTree(dir)).toEqual(before);
  });
});
