import { mkdtempSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { openPglite, snapshotPglite, type Db } from '../../db/index.js';
import { VERSION } from '../version.js';
import { writeBackupFile, type Manifest, type SectionSource } from './container.js';
import { databaseFacts } from './facts.js';
import { pgTool, runTool } from './pg-tools.js';

export interface TakeOptions {
  /** The database itself (not a wrapper): the embedded one is copied from its files. */
  db: Db;
  /** The central database's URL with its password, for pg_dump. */
  databaseUrl?: string;
  out: string;
  /** The keys sealed with the admin's passphrase (sealKeys), or null for a backup without them. */
  sealedKeys: string | null;
  now: Date;
  /** Told each step in words, for a progress display. */
  phase?: (what: string) => void;
}

/** A scratch folder beside the backup (same disk), removed whatever happens. */
async function withScratch<T>(out: string, fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(dirname(out), `.${basename(out)}.work-`));
  try {
    return await fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Embedded: PGlite's own copy of its files, taken while the console runs. The
 * manifest's counts and audit tip are read from that copy, opened in a scratch
 * folder, so they describe exactly what the file holds (and prove it opens).
 */
async function embedded(o: TakeOptions, scratch: string) {
  o.phase?.('Copying the database');
  const tar = await snapshotPglite(o.db);
  o.phase?.('Checking the copy opens, counting its rows');
  const copy = await openPglite(join(scratch, 'pgdata'), tar);
  try {
    const facts = await databaseFacts(copy);
    return { facts, sources: [{ name: 'pgdata.tar.gz', data: new Uint8Array(await tar.arrayBuffer()) }] as SectionSource[] };
  } finally {
    await copy.close();
  }
}

/**
 * Central: pg_dump of the whole database in its custom format, under a
 * snapshot exported from a read-only transaction that also counts the rows,
 * so the counts and the dump see the same moment.
 */
async function central(o: TakeOptions, scratch: string) {
  if (!o.databaseUrl) throw new Error('A central database backup needs its URL (DATABASE_URL).');
  const dump = join(scratch, 'database.pgdump');
  const tool = pgTool('pg_dump');
  o.phase?.('Dumping the database (pg_dump)');
  const facts = await o.db.transaction(async (tx) => {
    await tx.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
    const [s] = await tx.query<{ id: string }>('SELECT pg_export_snapshot() AS id');
    const f = await databaseFacts(o.db, tx);
    // The console's role is held by row-level security (0033_site_rls.sql), which pg_dump refuses unless told; no limit is set here, so every row is dumped.
    await runTool(tool, ['--format=custom', '--no-password', '--enable-row-security', `--snapshot=${s!.id}`, `--file=${dump}`, `--dbname=${o.databaseUrl}`]);
    return f;
  });
  return { facts, sources: [{ name: 'database.pgdump', path: dump }] as SectionSource[] };
}

/** Writes one backup file (atomically) and returns its manifest and size. */
export async function takeBackup(o: TakeOptions): Promise<{ bytes: number; manifest: Manifest }> {
  return withScratch(o.out, async (scratch) => {
    const { facts, sources } = o.db.mode === 'embedded' ? await embedded(o, scratch) : await central(o, scratch);
    o.phase?.('Writing the file');
    if (o.sealedKeys) sources.push({ name: 'keys.sealed', data: Buffer.from(o.sealedKeys, 'utf8') });
    return writeBackupFile(o.out, { createdAt: o.now.toISOString(), watchfloorVersion: VERSION, keysIncluded: Boolean(o.sealedKeys), ...facts }, sources);
  });
}
