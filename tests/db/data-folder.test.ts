// The data folder is its owner's only: 0700 folders, 0600 files, on creation and on every start (embedded and central).
import { chmodSync, chownSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { boot, type Booted } from '../../core/boot.js';
import { closeFolder } from '../../db/index.js';
import { engines, scratchPostgresUrl } from './engines.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'wf-folder-'));
const quiet = { WATCHFLOOR_LOG_LEVEL: 'warn', WATCHFLOOR_DEMO: 'false' };

/** Every path under `dir` (itself included) whose mode lets anyone but the owner in. */
function openToOthers(dir: string): string[] {
  const out: string[] = [];
  const walk = (path: string) => {
    const info = lstatSync(path);
    if (info.isSymbolicLink()) return;
    if ((info.mode & 0o077) !== 0) out.push(`${path} ${(info.mode & 0o777).toString(8)}`);
    if (info.isDirectory()) for (const name of readdirSync(path)) walk(join(path, name));
  };
  walk(dir);
  return out;
}

function loosen(dir: string): void {
  for (const name of readdirSync(dir, { recursive: true }) as string[]) {
    const path = join(dir, name);
    chmodSync(path, lstatSync(path).isDirectory() ? 0o777 : 0o666);
  }
  chmodSync(dir, 0o755);
}

/** Stops a booted console once its VDA 5050 master control has started (see demo-mode.test.ts). */
async function settleAndStop(b: Booted): Promise<void> {
  const ingest = b.core.ingest as unknown as { master: unknown } | null;
  for (let i = 0; i < 100 && ingest && !ingest.master; i++) await new Promise((r) => setTimeout(r, 50));
  await b.stop();
}

for (const engine of engines()) {
  describe.skipIf(!engine.available)(`the data folder with the ${engine.name} database`, () => {
    let booted: Booted | undefined;
    afterEach(async () => {
      vi.restoreAllMocks();
      if (booted) await settleAndStop(booted);
      booted = undefined;
    });
    const env = async (dir: string) => ({ ...quiet, WATCHFLOOR_DATA_DIR: dir, ...(engine.name === 'postgres' ? { DATABASE_URL: await scratchPostgresUrl() } : {}) });

    it('is created owner-only, database files, WAL and secret.key included', async () => {
      const dir = join(tmp(), 'new', 'watchfloor');
      booted = await boot({}, await env(dir));
      await booted.core.caller().auth.state(); // the database has been written to
      expect(readdirSync(dir)).toContain(engine.name === 'pglite' ? 'pgdata' : 'secret.key');
      expect(openToOthers(dir)).toEqual([]);
      await settleAndStop(booted);
      booted = undefined;
      expect(openToOthers(dir)).toEqual([]);
    });

    it('puts loosened modes back on start, and says so', async () => {
      const dir = tmp();
      const e = await env(dir);
      booted = await boot({}, e);
      await settleAndStop(booted);
      writeFileSync(join(dir, 'watchfloor.json'), '{}');
      loosen(dir);
      expect(openToOthers(dir).length).toBeGreaterThan(2);
      const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
      booted = await boot({}, e);
      expect(openToOthers(dir)).toEqual([]);
      const warned = stderr.mock.calls.map((c) => String(c[0])).find((l) => l.includes('the data folder was open to other users'));
      expect(warned).toMatch(/\d+ path\(s\) set back to owner-only/);
      expect(warned).toMatch(/\(was 0(666|777|755)\)/);
    });
  });
}

describe('closeFolder', () => {
  it('does not follow symbolic links out of the folder', () => {
    const dir = tmp();
    const outside = join(tmp(), 'shared.txt');
    writeFileSync(outside, 'x');
    chmodSync(outside, 0o644);
    symlinkSync(outside, join(dir, 'link'));
    closeFolder(dir);
    expect(lstatSync(outside).mode & 0o777).toBe(0o644);
  });

  it.skipIf(process.getuid?.() !== 0)('refuses a folder that belongs to another user', () => {
    const dir = tmp();
    mkdirSync(join(dir, 'pgdata'));
    chownSync(join(dir, 'pgdata'), 65534, 65534);
    expect(() => closeFolder(dir)).toThrow(/pgdata belongs to another user \(uid 65534\)/);
  });
});
