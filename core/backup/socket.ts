import { createConnection, createServer, type Server } from 'node:net';
import { chmodSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Db } from '../../db/index.js';
import type { Clock } from '../clock.js';
import type { BackupRun } from '../contract/index.js';
import type { Logger } from '../logger.js';
import { systemCaller, type BackupService } from './service.js';

/**
 * `npm run backup` while the console runs: the embedded database has one
 * writer, so the command asks the console, over a socket in the data folder
 * (owner-only, like the database files themselves), to take the backup.
 */
export const socketPath = (dataDir: string) => join(dataDir, 'backup.sock');

interface Request {
  file: string;
  passphrase: string | null;
}

export function serveBackupSocket(dataDir: string, service: BackupService, db: Db, clock: Clock, log: Logger): () => void {
  const path = socketPath(dataDir);
  rmSync(path, { force: true }); // left by a console that was killed
  const server: Server = createServer((sock) => {
    let buf = '';
    sock.on('data', (b) => {
      buf += b.toString('utf8');
      if (!buf.includes('\n')) return;
      const req = JSON.parse(buf.slice(0, buf.indexOf('\n'))) as Request;
      service
        .run(systemCaller(db, clock, 'backup.command_line'), { folder: dirname(req.file), file: req.file, kind: 'command_line', passphrase: req.passphrase ?? undefined })
        .then((run) => sock.end(JSON.stringify({ run }) + '\n'), (err: Error) => sock.end(JSON.stringify({ error: err.message }) + '\n'));
    });
    sock.on('error', () => {});
  });
  server.on('error', (err) => log.warn('backup socket not available: npm run backup cannot reach this console', { err: err.message }));
  server.listen(path, () => chmodSync(path, 0o600));
  return () => {
    server.close();
    rmSync(path, { force: true });
  };
}

/** Asks the running console for a backup; resolves to its run, or rejects when no console answers. */
export function askConsole(dataDir: string, req: Request): Promise<BackupRun> {
  return new Promise((resolve, reject) => {
    const sock = createConnection(socketPath(dataDir));
    let buf = '';
    sock.on('connect', () => sock.write(JSON.stringify(req) + '\n'));
    sock.on('data', (b) => (buf += b.toString('utf8')));
    sock.on('error', reject);
    sock.on('end', () => {
      try {
        const r = JSON.parse(buf) as { run?: BackupRun; error?: string };
        if (r.run) resolve(r.run);
        else reject(new Error(r.error ?? 'the console gave no answer'));
      } catch {
        reject(new Error('the console closed the connection without an answer'));
      }
    });
  });
}
