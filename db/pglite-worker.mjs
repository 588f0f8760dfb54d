// The embedded database on a thread of its own (db/pglite-thread.ts starts it): PGlite's open,
// its queries and their rows' decoding run here, so the host's event loop keeps serving the page,
// MQTT and other callers meanwhile. Plain JavaScript, so that it starts the same under tsx,
// vitest and a bundle in out/. One message in, one answer out, matched by `id`.
import { parentPort } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import { cube } from '@electric-sql/pglite/contrib/cube';
import { earthdistance } from '@electric-sql/pglite/contrib/earthdistance';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';

const extensions = { cube, earthdistance, pg_trgm };
/** int8 and numeric come back as strings on both engines (no silent precision loss). */
const parsers = { 20: (v) => v, 1700: (v) => v };

/** @type {PGlite | undefined} */
let pg;
/** Open transactions by number: PGlite's handle once BEGIN has run, and how to end the callback PGlite waits on. */
const txs = new Map();
const unlisteners = new Map();

const open = (path, load, withParsers) =>
  PGlite.create(path, { extensions, ...(withParsers ? { parsers } : {}), ...(load ? { loadDataDir: new Blob([load]) } : {}) });

/** PGlite itself, or the open transaction `tx` once its BEGIN has run. */
async function on(tx) {
  if (tx === undefined) return pg;
  const t = txs.get(tx) ?? gone(tx);
  await t.started;
  if (t.failed) throw t.failed;
  return t.tx;
}
const gone = (tx) => {
  throw new Error(`transaction ${tx} is not open`);
};

const ops = {
  /** Makes a new database at `path` and closes it (db/pglite.ts renames it into place). */
  async create({ path, load }) {
    await (await open(path, load, false)).close();
  },
  async open({ path, load }) {
    pg = await open(path, load, true);
  },
  async query({ sql, params, tx }) {
    return (await (await on(tx)).query(sql, params)).rows;
  },
  async exec({ sql, tx }) {
    await (await on(tx)).exec(sql);
  },
  async copyIn({ target, text, tx }) {
    await (await on(tx)).query(`COPY ${target} FROM '/dev/blob'`, [], { blob: new Blob([text]) });
  },
  /**
   * Opens transaction `tx` (numbered by the caller, who sends its statements at once, without
   * waiting for an answer): it stays open until `end`. A BEGIN that failed fails them instead.
   */
  begin({ tx: n }) {
    const t = {};
    t.started = new Promise((ready) => {
      t.done = pg.transaction(
        (tx) =>
          new Promise((commit, rollback) => {
            Object.assign(t, { tx, commit, rollback });
            ready();
          }),
      );
      t.done.catch((err) => {
        t.failed ??= err;
        ready();
      });
    });
    txs.set(n, t);
  },
  /** Ends `tx`: runs the statements queued to run as it commits (`last`), then commits; if one fails, rolls back. */
  async end({ tx, commit, last = [] }) {
    const t = await on(tx).then(() => txs.get(tx));
    txs.delete(tx);
    if (commit) {
      try {
        for (const { sql, params } of last) await t.tx.query(sql, params);
      } catch (err) {
        t.rollback(err);
        await t.done.catch(() => {});
        throw err;
      }
      t.commit();
      await t.done;
    } else {
      t.rollback(new Error('rolled back'));
      await t.done.catch(() => {});
    }
  },
  async listen({ channel, listener }) {
    unlisteners.set(listener, await pg.listen(channel, (payload) => parentPort.postMessage({ listener, payload })));
  },
  async unlisten({ listener }) {
    await unlisteners.get(listener)?.();
    unlisteners.delete(listener);
  },
  /** A consistent copy of the files: under PGlite's transaction lock, nothing is half-written. */
  async snapshot() {
    await pg.query('CHECKPOINT');
    const blob = await pg.transaction(() => pg.dumpDataDir('gzip'));
    return new Uint8Array(await blob.arrayBuffer());
  },
  async close() {
    if (pg && !pg.closed) await pg.close();
  },
  /** Answers at once, without PGlite: whether this thread's event loop turns while a call waits. */
  async ping() {
    return 'pong';
  },
};

function answer(id, value) {
  parentPort.postMessage({ id, value }, value instanceof Uint8Array ? [value.buffer] : []);
}

/** PostgreSQL's error fields (code, detail, constraint …) travel as plain values. */
function fail(id, err) {
  const fields = {};
  for (const [k, v] of Object.entries(err ?? {})) if (typeof v === 'string' || typeof v === 'number') fields[k] = v;
  parentPort.postMessage({ id, error: { message: err?.message ?? String(err), name: err?.name ?? 'Error', fields } });
}

parentPort.on('message', ({ id, op, args }) => {
  if (id === undefined) return ops[op](args);
  ops[op](args).then(
    (value) => answer(id, value),
    (err) => fail(id, err),
  );
});
