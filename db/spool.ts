// A durable spool on local disk: a SQLite file (better-sqlite3, WAL, synchronous FULL)
// holding rows in the order they came, for writes that wait while the database they are
// meant for does not answer. Each append is one SQLite transaction: once it returns, the
// rows survive a killed process (and a power cut). Loaded only when a spool is opened.
import type BetterSqlite3 from 'better-sqlite3';
import { chmodSync } from 'node:fs';
import { createRequire } from 'node:module';

// Not named `require`: the Electron build's ESM shim declares that name in the same bundle.
const requireNative = createRequire(import.meta.url);

export interface SpoolRow { id: number; kind: string; body: string }

export interface Spool {
  readonly path: string;
  /** Rows held. */
  count(): number;
  /** Appends the rows in one transaction, in the order given. */
  append(rows: { kind: string; body: string }[]): void;
  /** The oldest `limit` rows, oldest first. */
  oldest(limit: number): SpoolRow[];
  /** Removes every row up to and including `id`. */
  removeThrough(id: number): void;
  /** Removes up to `n` of the oldest rows of `kind`; returns how many it removed. */
  dropOldest(kind: string, n: number): number;
  close(): void;
}

export function openSpool(path: string): Spool {
  const Database = requireNative('better-sqlite3') as typeof BetterSqlite3;
  const db = new Database(path);
  if (process.platform !== 'win32') chmodSync(path, 0o600);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec('CREATE TABLE IF NOT EXISTS spool (id INTEGER PRIMARY KEY AUTOINCREMENT, kind TEXT NOT NULL, body TEXT NOT NULL)');
  db.exec('CREATE INDEX IF NOT EXISTS spool_kind ON spool (kind, id)');
  const insert = db.prepare<[string, string]>('INSERT INTO spool (kind, body) VALUES (?, ?)');
  const appendAll = db.transaction((rows: { kind: string; body: string }[]) => {
    for (const r of rows) insert.run(r.kind, r.body);
  });
  const oldest = db.prepare<[number], SpoolRow>('SELECT id, kind, body FROM spool ORDER BY id LIMIT ?');
  const remove = db.prepare<[number]>('DELETE FROM spool WHERE id <= ?');
  const drop = db.prepare<[string, number]>('DELETE FROM spool WHERE id IN (SELECT id FROM spool WHERE kind = ? ORDER BY id LIMIT ?)');
  let held = (db.prepare('SELECT count(*) AS n FROM spool').get() as { n: number }).n;
  return {
    path,
    count: () => held,
    append(rows) {
      if (!rows.length) return;
      appendAll(rows);
      held += rows.length;
    },
    oldest: (limit) => oldest.all(limit),
    removeThrough(id) {
      held -= remove.run(id).changes;
    },
    dropOldest(kind, n) {
      if (n <= 0) return 0;
      const removed = drop.run(kind, n).changes;
      held -= removed;
      return removed;
    },
    close: () => db.close(),
  };
}
