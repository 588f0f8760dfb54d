import { chmodSync, lstatSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** A path whose mode was looser than owner-only, and was put back. */
export interface ModeRepair {
  path: string;
  was: string;
}

/**
 * Closes a folder to everyone but its owner: the folder and every folder in it
 * 0700, every file 0600. Modes looser than that are put back and returned, so
 * the caller can say so. Symbolic links are neither followed nor changed. A
 * folder owned by another user is refused: its owner could loosen it again.
 * Nothing to do on Windows, where modes do not mean this.
 */
export function closeFolder(dir: string): ModeRepair[] {
  if (process.platform === 'win32') return [];
  const uid = process.getuid?.();
  const repaired: ModeRepair[] = [];
  const visit = (path: string) => {
    const info = lstatSync(path);
    if (info.isSymbolicLink()) return;
    if (uid !== undefined && info.uid !== uid) {
      throw new Error(`${path} belongs to another user (uid ${info.uid}); Watchfloor keeps its data only in folders its own user owns.`);
    }
    const want = info.isDirectory() ? 0o700 : 0o600;
    const mode = info.mode & 0o777;
    if ((mode & ~want) !== 0) {
      chmodSync(path, mode & want);
      repaired.push({ path, was: mode.toString(8).padStart(4, '0') });
    }
    if (info.isDirectory()) for (const name of readdirSync(path)) visit(join(path, name));
  };
  visit(dir);
  return repaired;
}

/** Files and folders created from now on by this process are its owner's only (umask 077). */
export function ownerOnlyFromNowOn(): void {
  try {
    process.umask(0o077);
  } catch {
    // Worker threads may not change the umask; closeFolder repairs what they create.
  }
}
