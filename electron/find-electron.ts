import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export interface ElectronLookup {
  /** Resolves a module path from here (throws when it is not installed). */
  resolve(id: string): string;
  exists(path: string): boolean;
  read(path: string): string;
  platform: NodeJS.Platform;
  env: NodeJS.ProcessEnv;
}

const here: ElectronLookup = {
  resolve: (id) => createRequire(import.meta.url).resolve(id),
  exists: existsSync,
  read: (path) => readFileSync(path, 'utf8'),
  platform: process.platform,
  env: process.env,
};

/**
 * The Electron binary, or why it cannot be used here. Only looks: requiring the
 * `electron` package would download its runtime (Electron 41 and later fetch it on
 * first use), and the console calls no network it was not pointed at.
 */
export function findElectron(look: ElectronLookup = here): { path: string } | { why: string } {
  let dir: string;
  try {
    dir = dirname(look.resolve('electron/package.json'));
  } catch {
    return { why: 'The Electron runtime is not installed (npm installs its package only on Node 22.12 or newer).' };
  }
  const pathFile = join(dir, 'path.txt');
  const binary = look.exists(pathFile) ? join(dir, 'dist', look.read(pathFile).trim()) : null;
  if (!binary || !look.exists(binary)) {
    return { why: 'The Electron runtime is not downloaded (`npx install-electron` fetches it, which needs the internet).' };
  }
  if (look.platform === 'linux' && !look.env.DISPLAY && !look.env.WAYLAND_DISPLAY) {
    return { why: 'There is no desktop display here (DISPLAY is not set).' };
  }
  return { path: binary };
}
