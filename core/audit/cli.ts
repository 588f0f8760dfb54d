// `npm run audit:verify [-- --db <postgres URL | data folder> | --file <export.jsonl>]`
// Checks the audit chain and names the first entry that does not verify. Exit 0 intact, 1 broken, 2 unusable.
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { openPglite, openPostgres } from '../../db/index.js';
import { loadConfig } from '../config.js';
import { verifyDb, verifyFile, type VerifyResult } from './verify.js';

const { values } = parseArgs({ options: { db: { type: 'string' }, file: { type: 'string' }, manifest: { type: 'string' } } });

async function run(): Promise<VerifyResult & { source: string }> {
  if (values.file) return { ...(await verifyFile(values.file, values.manifest)), source: values.file };
  const target = values.db ?? loadConfig().databaseUrl ?? join(loadConfig().dataDir, 'pgdata');
  // Opened without migrating: verification reads and never writes.
  const db = /^postgres(ql)?:\/\//.test(target) ? await openPostgres(target, 2) : await openPglite(target.endsWith('pgdata') ? target : join(target, 'pgdata'));
  try {
    return { ...(await verifyDb(db)), source: db.location };
  } finally {
    await db.close();
  }
}

const t0 = performance.now();
run()
  .then((r) => {
    const secs = ((performance.now() - t0) / 1000).toFixed(1);
    if (r.ok) {
      process.stdout.write(`OK: ${r.count} entries in ${r.source}, chain intact up to entry ${r.lastSeq} (hash ${r.lastHash.slice(0, 16)}…), ${secs} s\n`);
      process.exit(0);
    }
    process.stdout.write(`BROKEN at entry ${r.problem!.seq}: ${r.problem!.reason}. ${r.count} entries before it verify (${r.source}).\n`);
    process.exit(1);
  })
  .catch((err: unknown) => {
    process.stderr.write(`audit:verify could not run: ${(err as Error).message}\n`);
    process.exit(2);
  });
