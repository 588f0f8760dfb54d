/** What every engine adapter offers. Rows come back as plain objects. */
export interface Queryable {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Runs one or more statements without parameters (migrations, DDL). */
  exec(sql: string): Promise<void>;
  /**
   * Loads `text`, rows in COPY's text format (db/copy-text.ts), into `target` (`table (columns)`).
   * Only where it is the cheapest write: PGlite, whose thread spends half the time a row on it that
   * it spends on a jsonb parameter in an ingest burst (`npm run bench -- ingest`). Elsewhere absent.
   */
  copyIn?(target: string, text: string): Promise<void>;
  /**
   * Queues a statement to run as this transaction commits, after every other one; if it fails,
   * the transaction rolls back and `transaction` rejects with its error. Only where it saves a
   * round trip: a transaction on PGlite's own thread, where it travels with the COMMIT. Elsewhere
   * absent: run the statement at once (`runAtCommit`).
   */
  atCommit?(sql: string, params?: unknown[]): void;
}

/** `q.atCommit` where `q` has it, else the statement at once: either way it commits with the transaction or not at all. */
export async function runAtCommit(q: Queryable, sql: string, params?: unknown[]): Promise<void> {
  if (q.atCommit) q.atCommit(sql, params);
  else await q.query(sql, params);
}

export type DbMode = 'embedded' | 'central';

export interface Db extends Queryable {
  readonly mode: DbMode;
  /** Where the data lives: a directory, `memory`, or the URL without its password. */
  readonly location: string;
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /**
   * Calls `onPayload` for each NOTIFY on `channel`; resolves to an unsubscribe function.
   * `onLost` is called once if the listening connection is lost (a central database
   * that went away); the listener is then gone and must be set up again.
   */
  listen(channel: string, onPayload: (payload: string) => void, onLost?: (err: Error) => void): Promise<() => Promise<void>>;
  notify(channel: string, payload: string): Promise<void>;
  close(): Promise<void>;
}
