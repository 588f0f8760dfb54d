// The first administrator needs the console's one-time setup code, on both engines and in demo mode too.
import { mkdtempSync, readFileSync, statSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { boot, type Booted } from '../../core/boot.js';
import { engines, scratchPostgresUrl } from './engines.js';

/** Stops a booted console once its VDA 5050 master control has started (see demo-mode.test.ts). */
async function settleAndStop(b: Booted): Promise<void> {
  const ingest = b.core.ingest as unknown as { master: unknown } | null;
  for (let i = 0; i < 100 && ingest && !ingest.master; i++) await new Promise((r) => setTimeout(r, 50));
  await b.stop();
}

const boss = { email: 'boss@site.test', displayName: 'Boss', password: 'correct horse battery' };

for (const engine of engines()) {
  describe.skipIf(!engine.available)(`first-administrator setup on ${engine.name}`, () => {
    let booted: Booted | undefined;
    afterEach(async () => {
      if (booted) await settleAndStop(booted);
      booted = undefined;
    });

    it('needs the code boot printed and wrote owner-only to the data folder; it works once', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'wf-setup-'));
      const env = {
        WATCHFLOOR_LOG_LEVEL: 'error', WATCHFLOOR_DATA_DIR: dir, WATCHFLOOR_DEMO_VEHICLES: '0', WATCHFLOOR_DEMO_SENSORS: '0',
        ...(engine.name === 'postgres' ? { DATABASE_URL: await scratchPostgresUrl() } : {}),
      };
      booted = await boot({}, env);
      // Demo mode (the embedded default here) is no way around it.
      expect(booted.config.demo).toBe(engine.name === 'pglite');
      const code = booted.setupCode!;
      expect(code.code).toMatch(/^[A-Z2-7]{5}-[A-Z2-7]{5}$/);
      expect(readFileSync(join(dir, 'setup-code'), 'utf8').trim()).toBe(code.code);
      expect(statSync(join(dir, 'setup-code')).mode & 0o777).toBe(0o600);
      const api = booted.core.caller();
      expect((await api.auth.state()).setupCodeFile).toBe(join(dir, 'setup-code'));
      await expect(api.auth.setup({ ...boss, code: '' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
      await expect(api.auth.setup({ ...boss, code: 'AAAAA-BBBBB' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
      await expect(api.auth.setup({ ...boss, code: code.code })).resolves.toMatchObject({ ok: true, user: { roles: ['admin'] } });
      expect(existsSync(join(dir, 'setup-code'))).toBe(false);
      await settleAndStop(booted);
      // With an administrator, a restart prints no code.
      booted = await boot({}, env);
      expect(booted.setupCode).toBeNull();
      expect(existsSync(join(dir, 'setup-code'))).toBe(false);
    });
  });
}
