import { spawn } from 'node:child_process';
import type { Logger } from '../logger.js';

/** Opens the URL in the desktop's browser when there is a desktop; a headless server just prints it. */
export function openInBrowser(url: string, logger: Logger): void {
  const cmd = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer.exe' : 'xdg-open';
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) return;
  const child = spawn(cmd, [url], { detached: true, stdio: 'ignore' });
  child.on('error', (err) => logger.debug('no desktop browser to open', { err }));
  child.unref();
}
