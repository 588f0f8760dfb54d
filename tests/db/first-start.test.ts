// A first start killed while the new embedded database writes its files leaves nothing broken:
// the database is made beside its place and renamed in; a half-made folder an older version left
// is moved aside and named; a folder of someone's own files is still refused.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrate, openPglite, PACKAGE_ROOT } from '../../db/index.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'wf-first-'));

describe('first start of an embedded database', () => {
  it('killed with SIGKILL while the files are written: the next start makes the database', async () => {
    const dir = join(tmp(), 'pgdata');
    const child = spawn(process.execPath, ['--import', 'tsx', '-e', `import('${join(PACKAGE_ROOT, 'db/index.ts')}').then((m) => m.openPglite(${JSON.stringify(dir)}))`], { cwd: PACKAGE_ROOT, stdio: 'ignore' });
    const exited = new Promise((r) => child.on('exit', r));
    while (!existsSync(`${dir}.creating`) || readdirSync(`${dir}.creating`).length === 0) await new Promise((r) => setTimeout(r, 5));
    child.kill('SIGKILL');
    await exited;
    expect(existsSync(dir)).toBe(false); // nothing under the real name
    const db = await openPglite(dir);
    await migrate(db);
    expect(existsSync(`${dir}.creating`)).toBe(false);
    expect(readdirSync(dir)).toContain('PG_VERSION');
    await db.close();
  }, 400_000); // spawning a child, making a database and migrating it: minutes on a loaded 2-core machine

  it('a half-made folder from an older version is moved aside, named, and a new database made', async () => {
    const parent = tmp();
    const dir = join(parent, 'pgdata');
    mkdirSync(join(dir, 'base'), { recursive: true });
    mkdirSync(join(dir, 'global'));
    writeFileSync(join(dir, 'postgresql.conf'), '');
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.message);
    process.on('warning', onWarning);
    const db = await openPglite(dir);
    await db.close();
    await new Promise((r) => setImmediate(r));
    process.off('warning', onWarning);
    const aside = readdirSync(parent).find((f) => f.startsWith('pgdata.incomplete-'));
    expect(aside).toBeTruthy();
    expect(warnings.join('\n')).toMatch(/first start was cut short \(no PG_VERSION\): it was moved to .*pgdata\.incomplete-/);
    expect(readdirSync(join(parent, aside!)).sort()).toEqual(['base', 'global', 'postgresql.conf']);
  }, 400_000); // spawning a child, making a database and migrating it: minutes on a loaded 2-core machine

  it('a folder of other files is still refused and left as it was', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'notes.txt'), 'mine');
    await expect(openPglite(dir)).rejects.toThrow(/no PG_VERSION/);
    expect(readdirSync(dir)).toEqual(['notes.txt']);
  });
});
