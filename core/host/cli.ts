// `npm run serve`: the browser host. Also what `npm start` falls back to without Electron.
// It listens as soon as the configuration is read, so the page, its scripts and the offline
// map load while the database opens; calls wait for the core, and the page shows that it is
// starting until they answer.
import { resolve } from 'node:path';
import { PACKAGE_ROOT } from '../../db/index.js';
import { DEMO_SITE_VIEW } from '../demo-mode.js';
import { prepare } from '../prepare.js';
import { bootReport } from './boot-report.js';
import { openInBrowser } from './open-browser.js';
import { startBrowserHost } from './server.js';

const root = PACKAGE_ROOT;
/** How long a stop may take before the process ends without it. */
const STOP_GRACE_MS = 30_000;

async function main(): Promise<void> {
  const t0 = performance.now();
  const prepared = prepare();
  const { config, logger } = prepared;
  // Core's modules load, the database opens and the core starts while the host begins to listen.
  const started = import('../boot.js').then(({ boot }) => boot(undefined, undefined, prepared));
  started.catch(() => {}); // reported below, once the host listens
  let host;
  try {
    host = await startBrowserHost({
      core: started.then((b) => b.core), logger, port: config.port, rendererDir: resolve(root, 'out/renderer'), resourcesDir: resolve(root, 'resources'),
      startView: config.demo ? DEMO_SITE_VIEW : null,
    });
  } catch (err) {
    await started.then((b) => b.stop(), () => {});
    if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new Error(`Port ${config.port} on 127.0.0.1 is in use (another Watchfloor?). Set WATCHFLOOR_PORT to another port, or 0 for any free one.`);
    }
    throw err;
  }
  const reason = process.env.WATCHFLOOR_FALLBACK_REASON;
  process.stdout.write(`${reason ? `${reason} ` : ''}Watchfloor console: ${host.url}\n`);
  const removeOpener = config.openBrowser ? openInBrowser(host.url, config.dataDir, logger) : () => {};
  let booted;
  try {
    booted = await started;
  } catch (err) {
    removeOpener();
    await host.close();
    throw err;
  }
  process.stdout.write(`Watchfloor is ready (database and core started in ${Math.round(performance.now() - t0)} ms).\n`);
  process.stdout.write(bootReport(booted));

  const shutdown = async () => {
    removeOpener();
    // A stop that hangs (a database that no longer answers) must not keep the process: it ends, saying so.
    const late = setTimeout(() => {
      process.stderr.write(`Watchfloor did not stop within ${STOP_GRACE_MS / 1000} s (see the warnings above); it exits without closing its database.\n`);
      process.exit(1);
    }, STOP_GRACE_MS);
    await host.close();
    await booted.stop();
    clearTimeout(late);
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown());
  process.once('SIGTERM', () => void shutdown());
}

main().catch((err: unknown) => {
  process.stderr.write(`Watchfloor could not start: ${(err as Error).message}\n`);
  process.exit(1);
});
