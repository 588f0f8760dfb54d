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
/** Open transactions by number: PGlite's handle, and how to end the callback PGlite waits on. */
const txs = new Map();
const unlisteners = new Map();
let nextTx = 1;

const open = (path, load, withParsers) =>
  PGlite.create(path, { extensions, ...(withParsers ? { parsers } : {}), ...(load ? { loadDataDir: new Blob([load]) } : {}) });

const on = (tx) => (tx === undefined ? pg : txs.get(tx)?.tx ?? gone(tx));
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
    return (await on(tx).query(sql, params)).rows;
  },
  async exec({ sql, tx }) {
    await on(tx).exec(sql);
  },
  /** Opens a transaction and answers with its number; it stays open until `end`. */
  begin(_args, id) {
    const n = nextTx++;
    let started = false;
    const done = pg.transaction(
      (tx) =>
        new Promise((commit, rollback) => {
          started = true;
          txs.set(n, { tx, commit, rollback, done });
          answer(id, n);
        }),
    );
    // `done` is awaited by `end`; a BEGIN that failed is the answer to `begin` itself.
    done.catch((err) => {
      if (!started) fail(id, err);
    });
    txs.set(n, { done });
  },
  async end({ tx, commit }) {
    const t = txs.get(tx);
    if (!t?.commit) gone(tx);
    txs.delete(tx);
    if (commit) {
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
  if (op === 'begin') return ops.begin(args, id);
  ops[op](args).then(
    (value) => answer(id, value),
    (err) => fail(id, err),
  );
});
