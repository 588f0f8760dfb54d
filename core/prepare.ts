// What a host does before it can listen, quick and without the database: the configuration,
// the logger and the data folder. Kept apart from boot.ts so a host loads it without loading core.
import { mkdirSync } from 'node:fs';
import { closeFolder, ownerOnlyFromNowOn } from '../db/file-modes.js';
import { loadConfig, type Config } from './config.js';
import { resolveDemo } from './demo-mode.js';
import { createLogger, type Logger } from './logger.js';

/**
 * The data folder (embedded database, keys, config) is its owner's only:
 * created 0700, and on every start any looser mode in it is put back, with a warning.
 */
export function closeDataFolder(dir: string, logger: Logger): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const repaired = closeFolder(dir);
  if (repaired.length) {
    logger.warn(`the data folder was open to other users; ${repaired.length} path(s) set back to owner-only (0700 folders, 0600 files)`, {
      paths: repaired.slice(0, 10).map((r) => `${r.path} (was ${r.was})`),
    });
  }
}

export interface Prepared { config: Config; logger: Logger; demo: ReturnType<typeof resolveDemo> }

/**
 * What a host needs before it can listen, all quick and without the database: the configuration
 * (an invalid one throws with a message naming the setting), the logger and the closed data folder.
 */
export function prepare(overrides: Partial<Config> = {}, env = process.env): Prepared {
  ownerOnlyFromNowOn();
  const loaded = loadConfig(env, overrides);
  const demo = resolveDemo(loaded);
  const config: Config = { ...loaded, demo: demo.demo };
  const logger = createLogger('watchfloor', config.logLevel);
  if (demo.note) logger.info(`demo mode is off: ${demo.note}`);
  closeDataFolder(config.dataDir, logger);
  return { config, logger, demo };
}

