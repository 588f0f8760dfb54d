import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { DbError } from './errors.js';

/**
 * PGlite is single-writer: two processes on one data directory corrupt it.
 * A lock file beside the directory, holding the owner's pid, keeps a second
 * instance out; a lock whose process is gone is taken over.
 */
export function lockDataDir(dataDir: string): () => void {
  const path = `${dataDir}.lock`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        process.off('exit', release);
        rmSync(path, { force: true });
      };
      process.on('exit', release);
      return release;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const owner = Number(readFileSync(path, 'utf8').trim());
      if (owner && owner !== process.pid && isAlive(owner)) {
        throw new DbError(
          'locked',
          `The embedded database at ${dataDir} is in use by another Watchfloor (pid ${owner}). ` +
            'Close it first, or start this one with another WATCHFLOOR_DATA_DIR.',
        );
      }
      if (owner === process.pid) {
        throw new DbError('locked', `The embedded database at ${dataDir} is already open in this process.`);
      }
      rmSync(path, { force: true }); // stale: its owner has exited
    }
  }
  throw new DbError('locked', `Could not lock ${dataDir}.`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
