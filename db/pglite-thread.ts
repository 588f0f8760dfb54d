import { Worker } from 'node:worker_threads';
import { join } from 'node:path';
import { PACKAGE_ROOT } from './paths.js';
import type { Queryable } from './types.js';

type Pending = { resolve: (v: unknown) => void; reject: (e: Error) => void; op: string; sql?: string; since: number };
/** An open transaction: since when, and the last statement sent in it. */
type Open = { since: number; sql?: string };

/** How long a call may wait before the thread says so (PgliteThread's `stallMs`). */
const STALL_MS = 30_000;
/** A statement queued with `atCommit`: it runs in the worker just before COMMIT, in the same message. */
type Statement = { sql: string; params?: unknown[] };

/**
 * The embedded database's own thread (db/pglite-worker.mjs): each call is a message and its
 * answer. The worker keeps the process alive only while a call is waiting for it, as PGlite in
 * process would; a worker that died fails every waiting call and every later one.
 */
export class PgliteThread {
  private readonly worker = new Worker(join(PACKAGE_ROOT, 'db', 'pglite-worker.mjs'));
  private readonly pending = new Map<number, Pending>();
  private readonly listeners = new Map<number, (payload: string) => void>();
  private readonly open = new Map<number, Open>();
  private next = 1;
  private dead: Error | null = null;
  private readonly watch: NodeJS.Timeout;
  private readonly stallMs: number;
  private readonly onStall: (message: string) => void;
  /** Whether the stall going on now was told (one message a stall, not one a waiting call). */
  private stalled = false;

  /**
   * `onStall` hears, once a stall, of the oldest call once it has waited `stallMs`, with the oldest
   * transactions then open: a statement outside a transaction waits for every open one to end, so a
   * transaction that waits on such a statement never ends. The default warns on the process (stderr).
   */
  constructor(opts: { stallMs?: number; onStall?: (message: string) => void } = {}) {
    this.stallMs = opts.stallMs ?? STALL_MS;
    this.onStall = opts.onStall ?? ((m) => process.emitWarning(m, 'DatabaseStall'));
    this.watch = setInterval(() => this.lookForStalls(), Math.min(5000, this.stallMs / 2));
    this.watch.unref();
    this.worker.unref();
    this.worker.on('message', (m: { id?: number; listener?: number; payload?: string; value?: unknown; error?: { message: string; name: string; fields: object } }) => {
      if (m.listener !== undefined) return this.listeners.get(m.listener)?.(m.payload!);
      const p = this.pending.get(m.id!);
      if (!p) return;
      this.pending.delete(m.id!);
      if (this.pending.size === 0) this.worker.unref();
      if (m.error) p.reject(Object.assign(new Error(m.error.message), { name: m.error.name }, m.error.fields));
      else p.resolve(m.value);
    });
    const die = (err: Error) => {
      clearInterval(this.watch);
      this.dead ??= err;
      for (const p of this.pending.values()) p.reject(this.dead);
      this.pending.clear();
    };
    this.worker.on('error', die);
    this.worker.on('exit', (code) => die(new Error(`The embedded database's thread stopped (exit code ${code}).`)));
  }

  call<T = unknown>(op: string, args: object = {}, transfer: ArrayBuffer[] = []): Promise<T> {
    if (this.dead) return Promise.reject(this.dead);
    const id = this.next++;
    if (this.pending.size === 0) this.worker.ref();
    const sql = (args as { sql?: string }).sql;
    const tx = (args as { tx?: number }).tx;
    if (tx !== undefined && sql && this.open.has(tx)) this.open.get(tx)!.sql = sql;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, op, sql, since: performance.now() });
      this.worker.postMessage({ id, op, args }, transfer);
    });
  }

  queryable(tx?: number, last?: Statement[]): Queryable {
    return {
      ...(last ? { atCommit: (sql: string, params?: unknown[]) => void last.push({ sql, params }) } : {}),
      query: <T>(sql: string, params?: unknown[]) => this.call<T[]>('query', { sql, params, tx }),
      exec: async (sql: string) => {
        await this.call('exec', { sql, tx });
      },
      copyIn: async (target: string, text: string) => {
        await this.call('copyIn', { target, text, tx });
      },
    };
  }

  /** Sent without waiting for an answer: the worker takes its messages in order. */
  private send(op: string, args: object): void {
    if (!this.dead) this.worker.postMessage({ op, args });
  }

  async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
    const tx = this.next++;
    const last: Statement[] = [];
    this.open.set(tx, { since: performance.now() });
    this.send('begin', { tx });
    try {
      let value: T;
      try {
        value = await fn(this.queryable(tx, last));
      } catch (err) {
        await this.call('end', { tx, commit: false }).catch(() => {});
        throw err;
      }
      await this.call('end', { tx, commit: true, last });
      return value;
    } finally {
      this.open.delete(tx);
    }
  }

  /** Says once, when the oldest call has waited `stallMs`, what it is and which transactions are open (the oldest three). */
  private lookForStalls(): void {
    const now = performance.now();
    const oldest = this.pending.values().next().value;
    if (!oldest || now - oldest.since < this.stallMs) {
      this.stalled = false;
      return;
    }
    if (this.stalled) return;
    this.stalled = true;
    const seconds = (since: number) => `${((now - since) / 1000).toFixed(1)} s`;
    const head = (sql?: string) => (sql ? ` (${sql.replace(/\s+/g, ' ').trim().slice(0, 120)})` : '');
    const open = [...this.open.values()];
    const shown = open.slice(0, 3).map((t) => `one for ${seconds(t.since)}, its last statement${head(t.sql) || ' none yet'}`);
    const message =
      `The embedded database has not answered a ${oldest.op}${head(oldest.sql)} for ${seconds(oldest.since)}; ${this.pending.size} call(s) wait. ` +
      (open.length ? `${open.length} transaction(s) open, the oldest: ${shown.join('; ')}.` : 'No transaction is open.');
    // Whether its thread still turns tells a wait inside PGlite's JavaScript from work that never ends in its WebAssembly.
    const answered = this.call('ping').then(() => ' Its thread answers at once: PGlite is waiting, not working.');
    const silent = new Promise<string>((ok) => setTimeout(() => ok(' Its thread does not answer within 2 s: it is busy (PGlite at work).'), 2000).unref());
    void Promise.race([answered, silent]).then((thread) => this.onStall(message + thread), () => {});
  }

  async listen(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>> {
    const listener = this.next++;
    this.listeners.set(listener, onPayload);
    await this.call('listen', { channel, listener });
    return async () => {
      this.listeners.delete(listener);
      await this.call('unlisten', { listener });
    };
  }

  async stop(): Promise<void> {
    clearInterval(this.watch);
    try {
      if (!this.dead) await this.call('close');
    } finally {
      await this.worker.terminate();
    }
  }
}
