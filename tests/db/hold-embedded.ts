// Child process for the lock test: opens an embedded database and holds it until killed.
import { openDb } from '../../db/index.js';

await openDb({ dataDir: process.argv[2]! });
process.stdout.write('ready\n');
setInterval(() => {}, 1 << 30);
