import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');

it('npm start without the Electron runtime (or a display) says why in one line and serves the console at the printed URL', async () => {
  const { DISPLAY: _d, WAYLAND_DISPLAY: _w, DATABASE_URL: _u, ...env } = process.env;
  const proc = spawn(process.execPath, ['--import', 'tsx', 'electron/launch.ts'], {
    cwd: root,
    env: { ...env, WATCHFLOOR_PORT: '0', WATCHFLOOR_OPEN_BROWSER: '0', WATCHFLOOR_LOG_LEVEL: 'warn', WATCHFLOOR_DATA_DIR: mkdtempSync(join(tmpdir(), 'wf-launch-')) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  try {
    let out = '';
    const line = await new Promise<string>((ok, fail) => {
      const timer = setTimeout(() => fail(new Error(`no URL printed:\n${out}`)), 90_000);
      proc.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /^.*Watchfloor console: http\S+$/m.exec(out);
        if (m) (clearTimeout(timer), ok(m[0]));
      });
      proc.on('exit', (code) => fail(new Error(`exited with ${code}:\n${out}`)));
    });
    expect(line).toMatch(/^(The Electron runtime is not installed|The Electron runtime is not downloaded|There is no desktop display here).*Serving the console to your browser instead\. Watchfloor console: http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+$/);
    const url = line.slice(line.indexOf('http'));
    const exchange = await fetch(url, { redirect: 'manual' });
    expect(exchange.status).toBe(302);
    const cookie = exchange.headers.get('set-cookie')!.split(';')[0]!;
    const page = await fetch(new URL('/', url), { headers: { cookie } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<title>Watchfloor</title>');
  } finally {
    proc.kill('SIGTERM');
  }
});
