import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Electron and the browser host open one data folder: WATCHFLOOR_DATA_DIR, else the
 * platform's (core's defaultDataDir). Chromium's own profile (cookies, caches) lives
 * in `electron/` inside it, so it is owner-only like the rest.
 */
export const chromiumProfile = (dataDir: string) => join(dataDir, 'electron');

/**
 * Earlier versions kept the window's database in Electron's user-data folder
 * (~/.config/watchfloor on Linux). When that one holds a database and the data
 * folder does not, say where it is and how to keep using it; nothing is moved.
 */
export function legacyDataNote(legacyDir: string, dataDir: string, exists: (path: string) => boolean = existsSync): string | null {
  if (legacyDir === dataDir || !exists(join(legacyDir, 'pgdata')) || exists(join(dataDir, 'pgdata'))) return null;
  return `An earlier Watchfloor window kept its database in ${legacyDir}; the window and the browser host now share ${dataDir}. ` +
    `To keep using it, move pgdata, secret.key, audit-signing.key and watchfloor.json from ${legacyDir} to ${dataDir} while Watchfloor is stopped, ` +
    `or start with WATCHFLOOR_DATA_DIR=${legacyDir}.`;
}
