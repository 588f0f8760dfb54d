// Transfers held by this core: each belongs to the user who started it, keeps its files in
// a private temporary folder, and is dropped (files removed) when finished with, cancelled,
// or left an hour untouched.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TransferFile, TransferPhase, TransferState, TransferStatus } from '../contract/index.js';
import { DomainError } from '../errors.js';

export interface JobFile extends TransferFile { path: string }

export class Job {
  readonly id = randomBytes(18).toString('base64url');
  readonly dir = mkdtempSync(join(tmpdir(), 'watchfloor-transfer-'));
  readonly abort = new AbortController();
  state: TransferState = 'running';
  phase: TransferPhase;
  done = 0;
  total: number | null = null;
  cancellable = true;
  error: string | null = null;
  files: JobFile[] = [];
  result: unknown = null;
  touched = Date.now();
  /** Work is running for it (not merely waiting for chunks). */
  working = false;

  constructor(readonly kind: TransferStatus['kind'], readonly userId: string, phase: TransferPhase) {
    this.phase = phase;
  }

  /** Throws when the job was cancelled; called between pages and batches. */
  check(): void {
    if (this.abort.signal.aborted) throw new Cancelled();
  }

  progress(done: number, total: number | null = this.total): void {
    this.done = done;
    this.total = total;
  }

  status(): TransferStatus {
    const files = this.files.map(({ name, bytes, mime }) => ({ name, bytes, mime }));
    return { id: this.id, kind: this.kind, state: this.state, phase: this.phase, done: this.done, total: this.total, cancellable: this.cancellable && this.state === 'running', error: this.error, files, result: this.result };
  }

  path(name: string): string {
    return join(this.dir, name);
  }

  removeFiles(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

export class Cancelled extends Error {
  /** What the job says once cancelled. */
  constructor(readonly words = 'Cancelled: nothing was kept.') {
    super('Cancelled.');
  }
}

const IDLE_MS = 60 * 60_000;
/** Transfers one user may hold at once (each may hold a large file on disk). */
const PER_USER = 4;

export class Transfers {
  private readonly jobs = new Map<string, Job>();

  create(kind: TransferStatus['kind'], userId: string, phase: TransferPhase): Job {
    this.sweep();
    const mine = [...this.jobs.values()].filter((j) => j.userId === userId);
    if (mine.length >= PER_USER) {
      const oldest = mine.filter((j) => j.state !== 'running').sort((a, b) => a.touched - b.touched)[0];
      if (!oldest) throw new DomainError('conflict', { code: 'transfer.tooMany', params: { max: PER_USER } });
      this.drop(oldest);
    }
    const job = new Job(kind, userId, phase);
    this.jobs.set(job.id, job);
    return job;
  }

  /** The caller's own transfer; another user's is as unknown as a made-up id. */
  get(id: string, userId: string): Job {
    const job = this.jobs.get(id);
    if (!job || job.userId !== userId) throw new DomainError('not_found', { code: 'transfer.noSuchJob' });
    job.touched = Date.now();
    return job;
  }

  /** Runs `work` in the background; its outcome lands on the job, never as an unhandled rejection. */
  run(job: Job, work: () => Promise<unknown>, onFail?: (message: string) => Promise<void>): void {
    job.state = 'running';
    job.error = null;
    job.working = true;
    void (async () => {
      try {
        job.result = await work();
        job.state = 'done';
        job.phase = 'ready';
        job.cancellable = false;
      } catch (err) {
        const cancelled = err instanceof Cancelled;
        job.state = cancelled ? 'cancelled' : 'failed';
        job.error = cancelled ? err.words : err instanceof DomainError ? err.message : `It stopped: ${(err as Error).message}`;
        job.files = [];
        job.removeFiles();
        await onFail?.(job.error).catch(() => {});
      } finally {
        job.working = false;
      }
    })();
  }

  cancel(job: Job): void {
    if (!job.cancellable && job.state === 'running') throw new DomainError('conflict', { code: 'transfer.cannotStop' });
    job.abort.abort();
    if (job.state === 'running' && !job.working) {
      // Nothing runs yet (chunks still coming): it ends here.
      job.state = 'cancelled';
      job.error = 'Cancelled: nothing was kept.';
      job.files = [];
      job.removeFiles();
    } else if (job.state !== 'running') this.drop(job);
  }

  drop(job: Job): void {
    job.abort.abort();
    job.removeFiles();
    this.jobs.delete(job.id);
  }

  private sweep(): void {
    const now = Date.now();
    for (const job of this.jobs.values()) if (job.state !== 'running' && now - job.touched > IDLE_MS) this.drop(job);
  }

  closeAll(): void {
    for (const job of this.jobs.values()) this.drop(job);
  }
}
