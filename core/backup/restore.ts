import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadMigrations, openPglite, openPostgres, redactUrl, type Db } from '../../db/index.js';
import { verifyDb } from '../audit/verify.js';
import { DomainError } from '../errors.js';
import { openBackupFile, type BackupFile, type Manifest } from './container.js';
import { countDifferences, rowCounts, tablesOf } from './facts.js';
import { keyFiles } from './keys.js';
import { restoreThroughPsql } from './pg-tools.js';
import { openKeys, type BackupKeys } from './seal.js';

export type RestoreTarget = { dataDir: string } | { databaseUrl: string; keysDir: string };

export interface RestoreResult {
  manifest: Manifest;
  tables: number;
  rows: number;
  auditSeq: number;
  keysWritten: string[];
}

const refuse = (why: string) => new DomainError('invalid', { code: 'backup.restoreRefused', params: { why } });

/** Everything that can be known before writing: the file, its schema level, the passphrase, the target. */
function check(file: string, passphrase: string | undefined): { bf: BackupFile; keys: BackupKeys | null } {
  const bf = openBackupFile(file);
  const m = bf.manifest;
  const known = loadMigrations().length;
  if (m.schemaLevel > known) {
    throw refuse(`${file} holds a database at schema level ${m.schemaLevel}, newer than this Watchfloor (${known}): update Watchfloor first.`);
  }
  if (!m.keysIncluded) return { bf, keys: null };
  if (!passphrase) throw refuse(`${file} carries the secret keys sealed with a passphrase: give it (WATCHFLOOR_BACKUP_PASSPHRASE or the prompt).`);
  return { bf, keys: openKeys(bf.read('keys.sealed').toString('utf8'), passphrase) };
}

/** Row counts and the audit chain up to the manifest's tip, against the restored database. */
async function verify(db: Db, m: Manifest): Promise<{ tables: number; rows: number; auditSeq: number }> {
  const counts = await rowCounts(db);
  const diff = countDifferences(m.rowCounts, counts);
  if (diff.length) throw new Error(`The restored row counts differ from the backup's manifest: ${diff.slice(0, 5).join('; ')}.`);
  const tip = m.auditTip;
  const v = await verifyDb(db, { to: tip?.seq ?? 0 });
  if (!v.ok) throw new Error(`audit:verify fails on the restored log: entry ${v.problem!.seq}: ${v.problem!.reason}.`);
  if (tip && (v.lastSeq !== tip.seq || v.lastHash !== tip.hash)) {
    throw new Error(`The restored audit log ends at entry ${v.lastSeq} (${v.lastHash.slice(0, 12)}), the manifest says ${tip.seq} (${tip.hash.slice(0, 12)}).`);
  }
  return { tables: Object.keys(counts).length, rows: Object.values(counts).reduce((a, b) => a + b, 0), auditSeq: v.lastSeq };
}

const isEmptyDir = (dir: string) => !existsSync(dir) || readdirSync(dir).length === 0;

/**
 * Embedded: the database is made in a folder beside the target, verified there,
 * given its keys, and renamed into place only when all of it holds.
 */
async function restoreEmbedded(bf: BackupFile, keys: BackupKeys | null, dataDir: string): Promise<RestoreResult> {
  const m = bf.manifest;
  if (m.engine !== 'embedded') throw refuse(`${bf.path} is a central database's backup: restore it into an empty PostgreSQL database (--db postgres://…).`);
  if (!isEmptyDir(dataDir)) throw refuse(`${dataDir} is not empty: a restore goes into a new or empty data folder. Move the folder aside first.`);
  const work = `${dataDir}.restoring`;
  rmSync(work, { recursive: true, force: true }); // left by a restore that was killed: never a live folder
  mkdirSync(work, { recursive: true, mode: 0o700 });
  try {
    const tar = new Blob([new Uint8Array(bf.read('pgdata.tar.gz'))]);
    const db = await openPglite(join(work, 'pgdata'), tar);
    let checked;
    try {
      checked = await verify(db, m);
    } finally {
      await db.close();
    }
    const written = keys ? keyFiles(work, keys) : [];
    for (const k of written) writeFileSync(k.path, k.content, { mode: 0o600 });
    if (existsSync(dataDir)) rmdirSync(dataDir);
    renameSync(work, dataDir);
    return { manifest: m, ...checked, keysWritten: written.map((k) => k.path.replace(work, dataDir)) };
  } catch (err) {
    rmSync(work, { recursive: true, force: true });
    throw err;
  }
}

/** Central: pg_restore (through psql) in one transaction into an empty database, then the same checks. */
async function restoreCentral(bf: BackupFile, keys: BackupKeys | null, url: string, keysDir: string): Promise<RestoreResult> {
  const m = bf.manifest;
  if (m.engine !== 'central') throw refuse(`${bf.path} is an embedded database's backup: restore it into an empty data folder (--data-dir).`);
  const files = keys ? keyFiles(keysDir, keys) : [];
  const clash = files.find((f) => existsSync(f.path) && readFileSync(f.path, 'utf8').trim() !== f.content.trim());
  if (clash) throw refuse(`${clash.path} exists and holds another key; give an empty --keys-dir.`);
  const db = await openPostgres(url, 2);
  try {
    if ((await tablesOf(db)).length > 0) throw refuse(`The database ${redactUrl(url)} is not empty: a restore goes into a new, empty database.`);
    const dump = join(keysDir, `.restore-${process.pid}.pgdump`);
    mkdirSync(keysDir, { recursive: true, mode: 0o700 });
    bf.copyTo('database.pgdump', dump);
    try {
      await restoreThroughPsql(dump, url);
    } finally {
      rmSync(dump, { force: true });
    }
    const checked = await verify(db, m);
    for (const k of files) writeFileSync(k.path, k.content, { mode: 0o600 });
    return { manifest: m, ...checked, keysWritten: files.map((f) => f.path) };
  } finally {
    await db.close();
  }
}

/** Restores a backup file into an empty data folder or an empty database, verified, or refuses before writing. */
export async function restoreBackup(file: string, target: RestoreTarget, passphrase?: string): Promise<RestoreResult> {
  const { bf, keys } = check(file, passphrase);
  return 'dataDir' in target ? restoreEmbedded(bf, keys, target.dataDir) : restoreCentral(bf, keys, target.databaseUrl, target.keysDir);
}
