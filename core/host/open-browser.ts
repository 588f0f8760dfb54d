import { spawn } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Logger } from '../logger.js';

type Spawn = (cmd: string, args: string[]) => { on(event: 'error', f: (err: Error) => void): unknown; unref(): void };
const detached: Spawn = (cmd, args) => spawn(cmd, args, { detached: true, stdio: 'ignore' });

/** The page the desktop browser is pointed at: it carries the token, so it lives in the owner-only data folder. */
export const openerFile = (dataDir: string) => join(dataDir, 'open-console.html');

/**
 * Opens the console in the desktop's browser when there is a desktop; a headless
 * server just prints the URL. The URL carries the host's token, and any local
 * user can read another's command lines (`ps`), so the browser is given a page in
 * the data folder (0600) that forwards to the URL, never the URL itself.
 * Returns a function that removes the page again.
 */
export function openInBrowser(url: string, dataDir: string, logger: Logger, run: Spawn = detached): () => void {
  const cmd = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer.exe' : 'xdg-open';
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) return () => {};
  const page = openerFile(dataDir);
  const target = JSON.stringify(url).replace(/</g, '\\u003c');
  writeFileSync(
    page,
    `<!doctype html><meta charset="utf-8"><meta name="referrer" content="no-referrer"><title>Watchfloor</title>` +
      `<script>location.replace(${target})</script>` +
      `<noscript><meta http-equiv="refresh" content="0;url=${url.replace(/&/g, '&amp;').replace(/"/g, '&quot;')}"></noscript>\n`,
    { mode: 0o600 },
  );
  const child = run(cmd, [pathToFileURL(page).href]);
  child.on('error', (err) => logger.debug('no desktop browser to open', { err }));
  child.unref();
  return () => rmSync(page, { force: true });
}
