// `npm run backup [-- --out FILE | --dir FOLDER] [--no-keys]`: one backup file of the configured
// database (embedded or DATABASE_URL), with the secret keys sealed by a passphrase
// (WATCHFLOOR_BACKUP_PASSPHRASE, or asked for). While the console runs on an embedded
// database, the console itself takes it. Exit 0 written, 1 failed or refused, 2 usage.
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DbError, openDb, ownerOnlyFromNowOn } from '../../db/index.js';
import { signingDb } from '../audit/signed-db.js';
import { dataFolderSigner } from '../audit/signing.js';
import { systemClock } from '../clock.js';
import { loadConfig } from '../config.js';
import type { BackupRun } from '../contract/index.js';
import { createLogger } from '../logger.js';
import { readPassphrase } from './prompt.js';
import { BackupService, backupFileName, systemCaller } from './service.js';
import { askConsole } from './socket.js';

const { values } = parseArgs({ options: { out: { type: 'string' }, dir: { type: 'string' }, 'no-keys': { type: 'boolean' } } });
ownerOnlyFromNowOn();
const config = loadConfig();
const out = resolve(values.out ?? join(values.dir ?? '.', backupFileName(new Date())));

async function direct(passphrase: string | undefined): Promise<BackupRun> {
  const raw = await openDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  // Signed like the console's own entries, or audit:verify would name the run's entry forged.
  const db = signingDb(raw, dataFolderSigner(config.dataDir));
  try {
    const service = new BackupService({ db, raw, config, clock: systemClock, log: createLogger('backup', 'warn') });
    return await service.run(systemCaller(db, systemClock, 'backup.command_line'), { folder: resolve(out, '..'), file: out, kind: 'command_line', passphrase });
  } finally {
    await db.close();
  }
}

async function main(): Promise<BackupRun> {
  const passphrase = values['no-keys'] ? undefined : await readPassphrase('Passphrase to seal the secret keys with: ');
  if (!values['no-keys'] && !passphrase) throw new Error('Give a passphrase (WATCHFLOOR_BACKUP_PASSPHRASE), or --no-keys for a backup that cannot open sealed data.');
  try {
    return await direct(passphrase);
  } catch (err) {
    if (!(err instanceof DbError && err.code === 'locked')) throw err;
    process.stderr.write('The console is running on this data folder: asking it to take the backup.\n');
    return askConsole(config.dataDir, { file: out, passphrase: passphrase ?? null });
  }
}

main()
  .then((run) => {
    if (!run.ok) {
      process.stderr.write(`Backup failed: ${run.error}\n`);
      process.exit(1);
    }
    const keys = run.includesKey ? 'with the secret keys sealed by your passphrase' : 'WITHOUT the secret keys (sealed data cannot be read from it alone)';
    process.stdout.write(`Backup written: ${run.file} (${(run.bytes! / 1e6).toFixed(1)} MB), ${keys}.\n`);
    process.exit(0);
  })
  .catch((err: unknown) => {
    process.stderr.write(`Backup failed: ${(err as Error).message}\n`);
    process.exit(1);
  });
