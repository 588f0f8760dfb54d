import { existsSync, mkdirSync, readdirSync, renameSync, rmdirSync, rmSync } from 'node:fs';
import { cp } from 'node:fs/promises';
import { dirname } from 'node:path';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import { cube } from '@electric-sql/pglite/contrib/cube';
import { earthdistance } from '@electric-sql/pglite/contrib/earthdistance';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { DbError } from './errors.js';
import { closeFolder } from './file-modes.js';
import { lockDataDir } from './lock.js';
import { PgliteThread } from './pglite-thread.js';
import type { Db, Queryable } from './types.js';

/** int8 and numeric come back as strings on both engines (no silent precision loss). */
const parsers = { 20: (v: string) => v, 1700: (v: string) => v };

/** What only PGlite can do, for each embedded Db: a snapshot of its files. */
const snapshots = new WeakMap<Db, () => Promise<Blob>>();

/**
 * A consistent copy of the embedded database's files (a gzipped tar, PGlite's
 * own dumpDataDir) taken while it runs: it holds PGlite's transaction lock, so
 * no transaction is half-way through, and its query lock, so nothing writes meanwhile.
 */
export async function snapshotPglite(db: Db): Promise<Blob> {
  const snapshot = snapshots.get(db);
  if (!snapshot) throw new DbError('unreachable', `${db.location} is not an embedded database: it has no files to copy.`);
  return snapshot();
}

export interface PgliteOptions {
  /**
   * Run PGlite on a thread of its own (db/pglite-thread.ts), as the hosts do: its open and
   * its queries then never hold up the event loop that serves the page, MQTT and other callers.
   */
  thread?: boolean;
  /** On the thread: who hears of a call the database has not answered for a long time (PgliteThread's `onStall`). */
  onStall?: (message: string) => void;
  /** How long that is (default 30 s). */
  stallMs?: number;
  /** Asked only when `dataDir` holds no database yet: a database folder to copy (db/template.ts) instead of running initdb, or null. */
  template?: () => string | null;
}

/**
 * Opens PGlite in `dataDir`, or in memory when `dataDir` is undefined. With
 * `load` (a snapshot from snapshotPglite), a new database is made from it.
 */
export async function openPglite(dataDir?: string, load?: Blob, opts: PgliteOptions = {}): Promise<Db> {
  let release = () => {};
  const opener = opts.thread ? threadOpener(opts) : inProcess;
  if (dataDir) {
    mkdirSync(dirname(dataDir), { recursive: true, mode: 0o700 });
    release = lockDataDir(dataDir);
    try {
      checkDataDir(dataDir);
      // A new database is made beside its place and renamed into it only when complete.
      if (!existsSync(dataDir) || readdirSync(dataDir).length === 0) {
        const template = load ? null : (opts.template?.() ?? null);
        await createBeside(dataDir, template ? (work) => cp(template, work, { recursive: true }) : (work) => opener.create(work, load));
      }
    } catch (err) {
      await opener.discard();
      release();
      throw err;
    }
  }
  let engine: Engine;
  try {
    engine = await opener.open(dataDir ?? 'memory://', load && !dataDir ? load : undefined);
  } catch (err) {
    await opener.discard();
    release();
    throw new DbError(
      'corrupt',
      `The embedded database at ${dataDir} could not be opened (${(err as Error).message}). ` +
        'It was left as it is; move it aside to start with a new one.',
      { cause: err },
    );
  }
  // The WAL holds password hashes and contacts in clear: owner only, whatever the umask was.
  if (dataDir) {
    try {
      closeFolder(dataDir);
    } catch (err) {
      await engine.close().catch(() => {});
      release();
      throw err;
    }
  }
  const db: Db = {
    mode: 'embedded',
    location: dataDir ?? 'memory',
    query: engine.query,
    exec: engine.exec,
    copyIn: engine.copyIn,
    transaction: engine.transaction,
    listen: engine.listen,
    async notify(channel, payload) {
      await engine.query('SELECT pg_notify($1, $2)', [channel, payload]);
    },
    async close() {
      try {
        await engine.close();
        if (dataDir) closeFolder(dataDir);
      } finally {
        release();
      }
    },
  };
  snapshots.set(db, engine.snapshot);
  return db;
}

/** One open PGlite, in this thread or its own; `listen` cannot lose its listener while it is open. */
type Engine = Queryable & Pick<Db, 'transaction' | 'listen' | 'close'> & { snapshot(): Promise<Blob> };

/** Makes and opens PGlite in this thread or in one of its own; `discard` ends what it started. */
interface Opener {
  create(path: string, load?: Blob): Promise<void>;
  open(path: string, load?: Blob): Promise<Engine>;
  discard(): Promise<void>;
}

const loadOption = (load?: Blob) => (load ? { loadDataDir: load } : {});

const inProcess: Opener = {
  async create(path, load) {
    await (await PGlite.create(path, { extensions, ...loadOption(load) })).close();
  },
  async open(path, load) {
    const pg = await PGlite.create(path, { extensions, parsers, ...loadOption(load) });
    const wrap = (q: PGlite | Transaction): Queryable => ({
      async query<T>(sql: string, params?: unknown[]) {
        return (await q.query<T>(sql, params)).rows;
      },
      async exec(sql: string) {
        await q.exec(sql);
      },
      async copyIn(target: string, text: string) {
        await q.query(`COPY ${target} FROM '/dev/blob'`, [], { blob: new Blob([text]) });
      },
    });
    return {
      ...wrap(pg),
      transaction: (fn) => pg.transaction((tx) => fn(wrap(tx))),
      async listen(channel, onPayload) {
        const unlisten = await pg.listen(channel, onPayload);
        return async () => unlisten();
      },
      async snapshot() {
        await pg.query('CHECKPOINT');
        return pg.transaction(() => pg.dumpDataDir('gzip'));
      },
      async close() {
        if (!pg.closed) await pg.close();
      },
    };
  },
  async discard() {},
};

function threadOpener(opts: PgliteOptions): Opener {
  const thread = new PgliteThread({ stallMs: opts.stallMs, onStall: opts.onStall });
  const bytes = async (load?: Blob) => load && (await load.arrayBuffer());
  return {
    async create(path, load) {
      await thread.call('create', { path, load: await bytes(load) });
    },
    async open(path, load) {
      await thread.call('open', { path, load: await bytes(load) });
      return {
        ...thread.queryable(),
        transaction: (fn) => thread.transaction(fn),
        listen: (channel, onPayload) => thread.listen(channel, onPayload),
        snapshot: async () => new Blob([await thread.call<Uint8Array<ArrayBuffer>>('snapshot')]),
        close: () => thread.stop(),
      };
    },
    discard: () => thread.stop(),
  };
}

const extensions = { cube, earthdistance, pg_trgm };

/**
 * Makes a new database in `<dataDir>.creating` and renames it into place, so a
 * first start killed while PostgreSQL writes its files (about a second) leaves
 * no half-made folder under the real name; a leftover `.creating` folder is
 * never a live database (the lock is held) and is made again.
 */
async function createBeside(dataDir: string, make: (work: string) => Promise<void>): Promise<void> {
  const work = `${dataDir}.creating`;
  rmSync(work, { recursive: true, force: true });
  await make(work);
  if (existsSync(dataDir)) rmdirSync(dataDir);
  renameSync(work, dataDir);
}

/** What PostgreSQL's initdb writes first: a folder holding these but no PG_VERSION was never finished. */
const HALF_MADE = ['base', 'global', 'pg_wal', 'pg_xact', 'postgresql.conf'];

/**
 * A non-empty directory without PG_VERSION is not a database: refuse rather
 * than initdb over it. One an older version's first start left half-made (it
 * holds only initdb's files) is moved aside, named in a warning, and a new
 * database is made.
 */
function checkDataDir(dataDir: string): void {
  if (!existsSync(dataDir)) return;
  const entries = readdirSync(dataDir);
  if (entries.length > 0 && !entries.includes('PG_VERSION') && entries.some((e) => HALF_MADE.includes(e)) && entries.every((e) => e.startsWith('pg_') || HALF_MADE.includes(e) || e.endsWith('.conf'))) {
    const aside = `${dataDir}.incomplete-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    renameSync(dataDir, aside);
    process.emitWarning(`${dataDir} was a database whose first start was cut short (no PG_VERSION): it was moved to ${aside} and a new database is made.`, { code: 'WATCHFLOOR_HALF_MADE_DATABASE' });
    return;
  }
  if (entries.length > 0 && !entries.includes('PG_VERSION')) {
    throw new DbError(
      'corrupt',
      `${dataDir} is not an embedded Watchfloor database (no PG_VERSION). It was left untouched; ` +
        'point WATCHFLOOR_DATA_DIR elsewhere or move the folder aside.',
    );
  }
}
