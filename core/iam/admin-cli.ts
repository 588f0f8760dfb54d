// `npm run admin -- unlock EMAIL`: lifts an account's sign-in lock (the last administrator's way back in).
// It needs what the console itself needs: the data folder (embedded database, with the console
// stopped, since the database has one writer) or DATABASE_URL. Exit 0 done, 1 refused, 2 usage.
import { userInfo } from 'node:os';
import { openDb, ownerOnlyFromNowOn } from '../../db/index.js';
import { signingDb } from '../audit/signed-db.js';
import { dataFolderSigner } from '../audit/signing.js';
import { loadConfig } from '../config.js';
import { DomainError } from '../errors.js';
import { unlockAccount } from './unlock.js';

const [command, email, ...rest] = process.argv.slice(2);
if (command !== 'unlock' || !email || rest.length) {
  process.stderr.write('Usage: npm run admin -- unlock EMAIL\n');
  process.exit(2);
}

ownerOnlyFromNowOn();
const config = loadConfig();
try {
  // Signed like the console's own entries, or audit:verify would name this one forged.
  const db = signingDb(await openDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir }), dataFolderSigner(config.dataDir));
  try {
    const who = `admin command (${userInfo().username})`;
    const r = await unlockAccount(db, email, who, new Date());
    process.stdout.write(r.wasLocked ? `Unlocked ${r.email}: it can sign in again.\n` : `${r.email} was not locked; its failed sign-ins are cleared.\n`);
    if (r.status !== 'active') process.stdout.write(`Note: ${r.email} is ${r.status}; an administrator must enable it.\n`);
  } finally {
    await db.close();
  }
} catch (err) {
  process.stderr.write(`${err instanceof DomainError ? '' : 'Could not unlock: '}${(err as Error).message}\n`);
  process.exit(1);
}
