import { Worker } from 'node:worker_threads';
import { join } from 'node:path';
import { PACKAGE_ROOT } from './paths.js';
import type { Queryable } from './types.js';

type Pending = { resolve: (v: unknown) => void; reject: (e: Error) => void };
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
  private next = 1;
  private dead: Error | null = null;

  constructor() {
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
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
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
    this.send('begin', { tx });
    let value: T;
    try {
      value = await fn(this.queryable(tx, last));
    } catch (err) {
      await this.call('end', { tx, commit: false }).catch(() => {});
      throw err;
    }
    await this.call('end', { tx, commit: true, last });
    return value;
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
    try {
      if (!this.dead) await this.call('close');
    } finally {
      await this.worker.terminate();
    }
  }
}
