import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from '../../db/index.js';
import { entryFor, type Caller } from '../audit/write.js';
import { appendAudit } from '../audit/store.js';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import type { BackupRun, BackupState } from '../contract/index.js';
import { DomainError } from '../errors.js';
import type { Logger } from '../logger.js';
import { currentKeys } from './keys.js';
import { sealKeys } from './seal.js';
import { backupSummary, claimDue, insertRun, readSchedule, recentRuns, scheduleView } from './store.js';
import { takeBackup } from './take.js';

export interface BackupDeps {
  /** The console's database (audited writes go through it). */
  db: Db;
  /** The same database unwrapped: the embedded one is copied from its files. */
  raw: Db;
  config: Config;
  clock: Clock;
  log: Logger;
}

const NAME = /^watchfloor-\d{8}-\d{6}\.wfbackup$/;
export const backupFileName = (at: Date) => `watchfloor-${at.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15)}.wfbackup`;

/** The system acting on its own (scheduled backups): audited with no actor. */
export const systemCaller = (db: Db, clock: Clock, path = 'backup.scheduled'): Caller => ({ db, clock, user: null, requestId: path, path });

/**
 * Takes backups (asked for, scheduled, or from `npm run backup` against a running
 * console), one at a time per console; records each run, success or failure, with
 * its audit entry; keeps the newest N scheduled files in the schedule's folder.
 */
export class BackupService {
  private running: { startedAt: string; phase: string } | null = null;
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly d: BackupDeps) {}

  /** Writes one backup into `folder`; never throws for a failed backup (it is recorded), only for one already running. */
  async run(caller: Caller, o: { folder: string; file?: string; kind: BackupRun['kind']; passphrase?: string; sealedKeys?: string | null }): Promise<BackupRun> {
    if (this.running) throw new DomainError('conflict', { code: 'backup.alreadyRunning', params: { startedAt: this.running.startedAt } });
    const started = this.d.clock.now();
    this.running = { startedAt: started.toISOString(), phase: 'Starting' };
    let run: BackupRun;
    try {
      const sealed = o.passphrase ? sealKeys(currentKeys(this.d.config.dataDir, this.d.config.secretKey), o.passphrase) : (o.sealedKeys ?? null);
      mkdirSync(o.folder, { recursive: true, mode: 0o700 });
      const out = o.file ?? join(o.folder, backupFileName(started));
      const r = await takeBackup({ db: this.d.raw, databaseUrl: this.d.config.databaseUrl, out, sealedKeys: sealed, now: started, phase: (p) => this.running && (this.running.phase = p) });
      run = { kind: o.kind, startedAt: started.toISOString(), finishedAt: this.d.clock.now().toISOString(), ok: true, file: out, bytes: r.bytes, includesKey: Boolean(sealed), error: null };
      this.d.log.info('backup written', { file: out, bytes: r.bytes, auditSeq: r.manifest.auditTip?.seq ?? 0 });
    } catch (err) {
      if (err instanceof DomainError && err.kind === 'invalid') {
        this.running = null;
        throw err;
      }
      const error = (err as Error).message;
      run = { kind: o.kind, startedAt: started.toISOString(), finishedAt: this.d.clock.now().toISOString(), ok: false, file: null, bytes: null, includesKey: false, error };
      this.d.log.error('backup failed', { err: error });
    }
    try {
      await this.record(caller, run);
    } finally {
      this.running = null;
    }
    return run;
  }

  /** The run and its audit entry, in one transaction. */
  private async record(caller: Caller, run: BackupRun): Promise<void> {
    const entry = entryFor(caller, { resourceType: 'backup', action: `backup.${run.kind}` }, run.ok ? 'success' : 'failed', {
      newValues: { file: run.file, bytes: run.bytes, includesKey: run.includesKey }, reason: run.error,
    });
    await this.d.db.transaction(async (tx) => {
      const tip = await appendAudit(tx, entry, this.d.clock.now(), { token: caller.conn?.token });
      await insertRun(tx, run, tip.seq);
    });
  }

  async state(): Promise<BackupState> {
    const summary = (await backupSummary(this.d.db)) ?? { lastSuccess: null, lastFailure: null, keyBackedUp: false };
    return { summary, schedule: scheduleView(await readSchedule(this.d.db)), running: this.running && { ...this.running }, recent: await recentRuns(this.d.db) };
  }

  /** Runs the scheduled backup when it is due (claimed so one console of many takes it), then keeps the newest N. */
  async tick(): Promise<BackupRun | null> {
    if (this.running) return null;
    const due = await claimDue(this.d.db, this.d.clock.now());
    if (!due) return null;
    const run = await this.run(systemCaller(this.d.db, this.d.clock), { folder: due.folder, kind: 'scheduled', sealedKeys: due.sealed_keys });
    if (run.ok) this.keepNewest(due.folder, due.keep);
    return run;
  }

  /** Deletes all but the newest `keep` backup files in `folder` (only files named as Watchfloor names them). */
  keepNewest(folder: string, keep: number): string[] {
    const old = readdirSync(folder).filter((f) => NAME.test(f)).sort().reverse().slice(keep);
    for (const f of old) rmSync(join(folder, f), { force: true });
    if (old.length) this.d.log.info('old backups removed', { folder, removed: old.length });
    return old;
  }

  start(everyMs = 60_000): void {
    this.timer = setInterval(() => void this.tick().catch((err: unknown) => this.d.log.error('scheduled backup check failed', { err: (err as Error).message })), everyMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
