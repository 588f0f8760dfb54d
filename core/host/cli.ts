// `npm run serve`: the browser host. Also what `npm start` falls back to without Electron.
import { resolve } from 'node:path';
import { PACKAGE_ROOT } from '../../db/index.js';
import { boot } from '../boot.js';
import { openInBrowser } from './open-browser.js';
import { startBrowserHost } from './server.js';

const root = PACKAGE_ROOT;

async function main(): Promise<void> {
  const booted = await boot();
  const { config, logger } = booted;
  let host;
  try {
    host = await startBrowserHost({
      core: booted.core,
      logger,
      port: config.port,
      rendererDir: resolve(root, 'out/renderer'),
      resourcesDir: resolve(root, 'resources'),
    });
  } catch (err) {
    await booted.stop();
    if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new Error(`Port ${config.port} on 127.0.0.1 is in use (another Watchfloor?). Set WATCHFLOOR_PORT to another port, or 0 for any free one.`);
    }
    throw err;
  }
  const reason = process.env.WATCHFLOOR_FALLBACK_REASON;
  process.stdout.write(`${reason ? `${reason} ` : ''}Watchfloor console: ${host.url}\n`);
  if (booted.fault) process.stdout.write(`Database problem (also shown in the console): ${booted.fault.message}\n`);
  if (booted.setupCode) process.stdout.write(`No administrator yet. Setup code for the first one: ${booted.setupCode.code} (also in ${booted.setupCode.file}).\n`);
  const removeOpener = config.openBrowser ? openInBrowser(host.url, config.dataDir, logger) : () => {};

  const shutdown = async () => {
    removeOpener();
    await host.close();
    await booted.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown());
  process.once('SIGTERM', () => void shutdown());
}

main().catch((err: unknown) => {
  process.stderr.write(`Watchfloor could not start: ${(err as Error).message}\n`);
  process.exit(1);
});
