import { mkdtempSync, readFileSync, statSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../logger.js';
import { openInBrowser, openerFile } from './open-browser.js';

describe('openInBrowser', () => {
  const display = process.env.DISPLAY;
  afterEach(() => {
    if (display === undefined) delete process.env.DISPLAY;
    else process.env.DISPLAY = display;
  });

  it('gives the browser an owner-only page in the data folder, never the token on its command line', () => {
    process.env.DISPLAY = ':0';
    const dir = mkdtempSync(join(tmpdir(), 'wf-open-'));
    const url = 'http://127.0.0.1:4780/?token=SeCrEtToKeN_abcdefghijklmnopqrstuv';
    const calls: string[][] = [];
    const remove = openInBrowser(url, dir, createLogger('t', 'error', () => {}), (cmd, args) => {
      calls.push([cmd, ...args]);
      return { on: () => undefined, unref: () => {} };
    });
    expect(calls).toHaveLength(1);
    expect(calls[0]!.join(' ')).not.toContain('SeCrEtToKeN');
    const page = fileURLToPath(calls[0]![1]!);
    expect(page).toBe(openerFile(dir));
    if (process.platform !== 'win32') expect(statSync(page).mode & 0o777).toBe(0o600);
    expect(readFileSync(page, 'utf8')).toContain(`location.replace("${url}")`);
    remove();
    expect(existsSync(page)).toBe(false);
  });
});
