// `npm run audit:verify [-- --db <postgres URL | data folder> | --file <export.jsonl>] [--key <audit-signing.key>] [--anchor <audit-anchor.json>]`
// An export is checked against a key only when --key names one (it may come from another console).
// Checks the audit chain, the signed checkpoints and this console's anchor, and names the first problem.
// Exit 0 intact, 1 broken, 2 unusable.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { openPglite, openPostgres } from '../../db/index.js';
import { loadConfig } from '../config.js';
import { anchorFile, readAnchor } from './anchor.js';
import { AuditSigner, signingKeyFile } from './signing.js';
import { verifyFile } from './verify.js';
import { verifySigned, type SignedResult } from './verify-signed.js';

const { values } = parseArgs({
  options: { db: { type: 'string' }, file: { type: 'string' }, manifest: { type: 'string' }, key: { type: 'string' }, anchor: { type: 'string' } },
});

const isUrl = (s: string) => /^postgres(ql)?:\/\//.test(s);

async function run(): Promise<SignedResult & { source: string }> {
  const keyFrom = (dataDir: string) => {
    const keyPath = values.key ?? signingKeyFile(dataDir);
    return values.key || existsSync(keyPath) ? AuditSigner.read(keyPath) : null;
  };
  if (values.file) {
    const key = values.key ? keyFrom('.') : null;
    const notes = key ? [] : ['no --key given: the export\'s signed checkpoint not checked'];
    return { ...(await verifyFile(values.file, values.manifest, key)), signed: key ? 1 : 0, notes, source: values.file };
  }
  const target = values.db ?? loadConfig().databaseUrl ?? join(loadConfig().dataDir, 'pgdata');
  // The key and anchor live in the data folder: the one named, or this console's.
  const dataDir = !isUrl(target) ? target.replace(/\/?pgdata\/?$/, '') || '.' : loadConfig().dataDir;
  const key = keyFrom(dataDir);
  const anchor = readAnchor(values.anchor ?? anchorFile(dataDir));
  // Opened without migrating: verification reads and never writes.
  const db = isUrl(target) ? await openPostgres(target, 2) : await openPglite(join(dataDir, 'pgdata'));
  try {
    return { ...(await verifySigned(db, key, anchor)), source: db.location };
  } finally {
    await db.close();
  }
}

const t0 = performance.now();
run()
  .then((r) => {
    const secs = ((performance.now() - t0) / 1000).toFixed(1);
    const notes = r.notes.map((n) => `  note: ${n}\n`).join('');
    if (r.ok) {
      const signed = r.signed ? `, ${r.signed} signed checkpoints verify` : '';
      process.stdout.write(`OK: ${r.count} entries in ${r.source}, chain intact up to entry ${r.lastSeq} (hash ${r.lastHash.slice(0, 16)}…)${signed}, ${secs} s\n${notes}`);
      process.exit(0);
    }
    process.stdout.write(`BROKEN at entry ${r.problem!.seq}: ${r.problem!.reason}. ${r.count} entries before it verify (${r.source}).\n${notes}`);
    process.exit(1);
  })
  .catch((err: unknown) => {
    process.stderr.write(`audit:verify could not run: ${(err as Error).message}\n`);
    process.exit(2);
  });
