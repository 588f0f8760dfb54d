// A PostgreSQL of the test's own, from the installed server binaries (initdb on a free
// loopback port), for tests that stop or break the database. Never the machine's shared one.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../mqtt/own-mosquitto.js';

const BIN = ['/usr/lib/postgresql/15/bin', '/usr/lib/postgresql/16/bin', '/usr/lib/postgresql/17/bin'].find((d) => existsSync(join(d, 'initdb')));
export const postgresInstalled = BIN !== undefined;

/** initdb and pg_ctl refuse to run as root: as root they run as the `postgres` user. */
function run(cmd: string, args: string[]): void {
  const asRoot = process.getuid?.() === 0;
  const r = asRoot ? spawnSync('runuser', ['-u', 'postgres', '--', join(BIN!, cmd), ...args], { encoding: 'utf8' })
    : spawnSync(join(BIN!, cmd), args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cmd} failed: ${r.stderr || r.stdout}`);
}

export interface OwnPostgres {
  url: string;
  /** Starts the server (again); resolves when it accepts connections. */
  start(): void;
  /** Stops it at once (fast shutdown: connections are cut). */
  stop(): void;
  /** Stops it and removes its files. */
  remove(): void;
}

/** A new cluster in a temporary folder on a free port, not started yet. */
export async function ownPostgres(): Promise<OwnPostgres> {
  const dir = mkdtempSync(join(tmpdir(), 'wf-pg-'));
  const data = join(dir, 'data');
  if (process.getuid?.() === 0) {
    chmodSync(dir, 0o755);
    chownSync(dir, Number(execFileSync('id', ['-u', 'postgres']).toString()), Number(execFileSync('id', ['-g', 'postgres']).toString()));
  }
  run('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8']);
  const port = await freePort();
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  let running = false;
  const stop = () => {
    if (!running) return;
    run('pg_ctl', ['-D', data, '-w', '-m', 'fast', 'stop']);
    running = false;
  };
  return {
    url,
    start() {
      run('pg_ctl', ['-D', data, '-w', '-t', '60', '-l', join(dir, 'log'), '-o', `-p ${port} -c listen_addresses=127.0.0.1 -k ${dir} -c fsync=off`, 'start']);
      running = true;
    },
    stop,
    remove() {
      try {
        stop();
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
