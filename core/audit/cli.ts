// `npm run audit:verify [-- --db <postgres URL | data folder> | --file <export.jsonl>] [--key <audit-signing.key>] [--anchor <audit-anchor.json>] [--archive <audit-N-M.jsonl> …] [--records <records-….jsonl> …]`
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
import { verifyArchives } from './verify-archives.js';
import { verifyRecordsFile } from '../retention/verify-records.js';
import { verifySigned, type SignedResult } from './verify-signed.js';

const { values } = parseArgs({
  options: { db: { type: 'string' }, file: { type: 'string' }, manifest: { type: 'string' }, key: { type: 'string' }, anchor: { type: 'string' }, archive: { type: 'string', multiple: true }, records: { type: 'string', multiple: true } },
});

/** A records archive file that is not the one archived: reported as broken (exit 1), not as a failure to run. */
class RecordsBroken extends Error {}

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
    // With --archive files: the archived history first, then the live log from where it ends.
    const archives = values.archive?.length ? await verifyArchives(db, values.archive) : null;
    if (archives && !archives.ok) return { ...archives, signed: 0, notes: [], source: db.location };
    const live = await verifySigned(db, key, anchor);
    // With --records files: each is the file its records.archive entry names.
    const records = [];
    for (const f of values.records ?? []) records.push(await verifyRecordsFile(db, f));
    const bad = records.find((r) => !r.ok);
    if (bad && !bad.ok) throw new RecordsBroken(`records archive ${bad.file}: ${bad.reason}`);
    const recordNotes = records.map((r) => (r.ok ? `${r.file}: ${r.records} records, as archived by audit entry ${r.seq}` : ''));
    const notes = [...(archives ? [...live.notes, `${archives.archived} archived entries in ${values.archive!.length} files verify and link to the live log`] : live.notes), ...recordNotes];
    return { ...live, count: live.count + (archives?.archived ?? 0), notes, source: db.location };
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
    if (err instanceof RecordsBroken) {
      process.stdout.write(`BROKEN: ${err.message}.\n`);
      process.exit(1);
    }
    process.stderr.write(`audit:verify could not run: ${(err as Error).message}\n`);
    process.exit(2);
  });
