// The Electron host's build: both bundles load (a name declared twice made out/main/main.js fail to
// parse, unnoticed, since the Electron runtime cannot run here), and the built core process
// (out/main/core.js, what the window's utility process runs) opens its database and answers the
// window's page: the bundle finds its migrations, PGlite's thread and the router.
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startCoreProcess } from '../db/core-process.js';

const out = resolve(import.meta.dirname, '../../out/main');

describe('the Electron host\'s build', () => {
  it('parses: the window\'s process (which imports Electron, so is only checked) and the core\'s', () => {
    for (const file of ['main.js', 'core.js']) {
      const check = spawnSync(process.execPath, ['--check', resolve(out, file)], { encoding: 'utf8' });
      expect(check.stderr, file).toBe('');
      expect(check.status, file).toBe(0);
    }
  });
});

describe('the built core process', () => {
  const core = startCoreProcess(resolve(out, 'core.js'));
  afterAll(() => core.cleanUp());

  it('answers calls, keeps a session, and stops cleanly', async () => {
    const window = core.page(1);
    expect(await core.alive(window.auth.state.query())).toMatchObject({ demo: true, user: null });
    expect(await window.auth.demoLogin.mutate()).toBeTruthy();
    expect((await window.system.health.query())).toBeTruthy();
    await core.relay.stop();
    expect(await core.exitCode).toBe(0);
    expect(core.ended).toEqual([]);
  }, 180_000);
});
