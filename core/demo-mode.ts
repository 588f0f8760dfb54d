import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig, type Config } from './config.js';

/**
 * Demo mode creates an account whose password is published. It may run only on
 * an embedded database that demo mode created itself: a central database is
 * shared with real consoles, and a folder made without demo mode holds real data.
 * The marker below is written when demo mode creates the database.
 */
export const DEMO_MARKER = 'demo-database';

/**
 * The demo site's centre (Lindenhof, seeded by migration 0002): a first demo run draws the map
 * there while its core starts, where a restart draws the last site's view.
 */
export const DEMO_SITE_VIEW = { lon: 5.4711, lat: 51.4426 } as const;

export type DemoDecision = { allowed: true; creates: boolean } | { allowed: false; why: string };

/** Whether demo mode may run with this configuration, and whether it would create the database. */
export function demoDecision(config: Pick<Config, 'databaseUrl' | 'dataDir'>): DemoDecision {
  if (config.databaseUrl) {
    return {
      allowed: false,
      why:
        'Demo mode is refused on a central database (DATABASE_URL): its demo account has a published password ' +
        'and would sign in on every console sharing that database. Set WATCHFLOOR_DEMO=false, or leave DATABASE_URL unset for a demo.',
    };
  }
  const pgdata = join(config.dataDir, 'pgdata');
  const empty = !existsSync(pgdata) || readdirSync(pgdata).length === 0;
  if (empty) return { allowed: true, creates: true };
  if (existsSync(join(config.dataDir, DEMO_MARKER))) return { allowed: true, creates: false };
  return {
    allowed: false,
    why:
      `Demo mode is refused on ${pgdata}: that database was not created by demo mode (no ${DEMO_MARKER} marker), ` +
      'and the demo account\'s published password would open its data. Set WATCHFLOOR_DEMO=false, ' +
      'or point WATCHFLOOR_DATA_DIR at a new folder for a demo.',
  };
}

/**
 * The demo setting a console runs with: an explicit `true` where demo mode may
 * not run is an error; unset means on only where it may run.
 */
export function resolveDemo(config: Pick<Config, 'databaseUrl' | 'dataDir' | 'demo'>): { demo: boolean; creates: boolean; note: string | null } {
  if (config.demo === false) return { demo: false, creates: false, note: null };
  const d = demoDecision(config);
  if (d.allowed) return { demo: true, creates: d.creates, note: null };
  if (config.demo === true) throw new Error(d.why);
  return { demo: false, creates: false, note: d.why.replace(/ Set WATCHFLOOR_DEMO=false.*$/, '') };
}

/**
 * Where a window that kept no view draws its map while its core starts (Electron's, whose core is
 * another process): the demo site when that core will run demo mode, decided from the same
 * configuration before the core makes the database; else none. A configuration the core will refuse
 * gives none here: the core says why.
 */
export function startViewFor(env: NodeJS.ProcessEnv, dataDir: string): { lon: number; lat: number } | null {
  try {
    return resolveDemo(loadConfig(env, { dataDir })).demo ? DEMO_SITE_VIEW : null;
  } catch {
    return null;
  }
}

/** Marks the database demo mode just created as a demo one (readable by the owner only). */
export function markDemoDatabase(dataDir: string): void {
  writeFileSync(
    join(dataDir, DEMO_MARKER),
    'This folder\'s embedded database was created by Watchfloor\'s demo mode; demo mode may run on it.\n',
    { mode: 0o600 },
  );
}
