import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Db } from '../../db/index.js';
import type { Logger } from '../logger.js';

/**
 * The background duties one console does for all:
 * - `ingest`: writing telemetry, readings, connections and quarantine;
 * - `control`: following vehicles' orders and moving missions on (VDA 5050 master control);
 * - `dispatch`: auto-dispatch, escalation, the fleet's lasting conditions and retention.
 */
export type Duty = 'ingest' | 'control' | 'dispatch';
export const DUTIES: Duty[] = ['ingest', 'control', 'dispatch'];

/** A lease lasts this long unless renewed; a console renews every RENEW_MS, and a dead one's duty is taken within LEASE_MS + RENEW_MS. */
export const LEASE_MS = 6000;
export const RENEW_MS = 2000;
/** A holder stops a duty this long before its lease could have expired, so two consoles never do it at once. */
const MARGIN_MS = 1000;

/** How this console is named to the others: its host and process. */
export const CONSOLE_NAME = `${hostname()} · ${process.pid}`;

export interface DutyHolder { duty: Duty; holder: string; mine: boolean; since: string; live: boolean }

interface DutyRow { duty: Duty; holder_name: string; holder: string; since: Date | string; live: boolean }
const dutyRows = (db: Db) => db.query<DutyRow>('SELECT duty, holder, holder_name, since, expires_at > now() AS live FROM events.duties ORDER BY duty');

/** Who holds which duty, for the status (no console ids). */
export async function dutyHolders(db: Db): Promise<Omit<DutyHolder, 'mine'>[]> {
  return (await dutyRows(db)).map((r) => ({ duty: r.duty, holder: r.holder_name, since: new Date(r.since).toISOString(), live: r.live }));
}

/**
 * Leases on a row per duty, with a heartbeat, on the database every console shares.
 * The database's clock decides expiry. A console that cannot reach the database stops
 * its duties when its lease may have run out, before another can take it.
 *
 * An embedded database is this console's alone (its folder is locked), so nobody can
 * take a duty over: once taken, a duty is held until `stop`, however long a renewal
 * waits behind a backlog of writes. The rows are still renewed, for the status.
 */
export class Duties {
  readonly id = randomUUID();
  private readonly until = new Map<Duty, number>();
  private readonly watchers = new Set<(duty: Duty, held: boolean) => void | Promise<void>>();
  private timer: NodeJS.Timeout | null = null;
  private lapse: NodeJS.Timeout | null = null;
  private failing = false;
  /** Set by stop and abandon: a renewal still under way then changes nothing. */
  private stopped = false;
  /** Renewals under way, which stop waits for before giving the duties up. */
  private readonly renewals = new Set<Promise<unknown>>();
  /** Duties the last successful tick found another console holding. */
  private others = new Set<Duty>();

  /** Whether no other console can reach this database (embedded, unless told otherwise). */
  private readonly exclusive: boolean;

  constructor(private readonly deps: { db: Db; log: Logger; name?: string; exclusive?: boolean }) {
    this.exclusive = deps.exclusive ?? deps.db.mode === 'embedded';
  }

  /** Whether another console was holding `duty` at the last renewal (false while the database is away: nobody is known to). */
  elsewhere(duty: Duty): boolean {
    return !this.failing && this.others.has(duty);
  }

  holds(duty: Duty): boolean {
    return (this.until.get(duty) ?? 0) > performance.now();
  }

  /** Calls `fn` each time this console takes or gives up a duty (a tick waits for what it returns). */
  onChange(fn: (duty: Duty, held: boolean) => void | Promise<void>): () => void {
    this.watchers.add(fn);
    return () => this.watchers.delete(fn);
  }

  async start(): Promise<void> {
    await this.tick();
    this.timer = setInterval(() => void this.tick(), RENEW_MS);
    this.timer.unref();
  }

  /** Gives the duties up at once, so another console takes them without waiting for the lease to expire. */
  async stop(): Promise<void> {
    this.halt();
    await Promise.all(this.renewals);
    const held = DUTIES.filter((d) => this.holds(d));
    this.until.clear();
    await Promise.all(held.map((d) => this.tell(d, false)));
    await this.deps.db.query('DELETE FROM events.duties WHERE holder = $1', [this.id]).catch(() => {});
  }

  /** Stops renewing without giving anything up, as a killed console would (tests). */
  abandon(): void {
    this.halt();
    const held = DUTIES.filter((d) => this.holds(d));
    this.until.clear();
    held.forEach((d) => void this.tell(d, false));
  }

  /** No more renewals, and none under way changes anything. */
  private halt(): void {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    if (this.lapse) clearTimeout(this.lapse);
    this.timer = this.lapse = null;
  }

  /** Takes or renews every duty it can. */
  async tick(): Promise<void> {
    if (this.stopped) return;
    const sent = performance.now();
    let rows: { duty: Duty }[];
    try {
      const renewal = this.deps.db.query<{ duty: Duty }>(
        `INSERT INTO events.duties (duty, holder, holder_name, expires_at)
         SELECT d, $1, $2, now() + $3 * interval '1 millisecond' FROM unnest($4::text[]) AS d
         ON CONFLICT (duty) DO UPDATE SET holder = EXCLUDED.holder, holder_name = EXCLUDED.holder_name, expires_at = EXCLUDED.expires_at,
           since = CASE WHEN events.duties.holder = EXCLUDED.holder THEN events.duties.since ELSE now() END
         WHERE events.duties.holder = EXCLUDED.holder OR events.duties.expires_at < now()
         RETURNING duty`,
        [this.id, this.deps.name ?? CONSOLE_NAME, LEASE_MS, DUTIES]);
      const settled = renewal.then(() => {}, () => {});
      this.renewals.add(settled);
      void settled.then(() => this.renewals.delete(settled));
      rows = await renewal;
      if (this.stopped) return;
      if (this.failing) this.deps.log.info('duty leases renewed again');
      this.failing = false;
    } catch (err) {
      if (this.stopped) return;
      if (!this.failing) this.deps.log.warn('cannot renew duty leases; duties stop when the leases may have run out', { err: (err as Error).message });
      this.failing = true;
      return;
    }
    const until = this.exclusive ? Infinity : sent + LEASE_MS - MARGIN_MS;
    const got = new Set(rows.map((r) => r.duty));
    this.others = new Set(DUTIES.filter((d) => !got.has(d)));
    const changed: Promise<void>[] = [];
    for (const d of DUTIES) {
      const had = this.holds(d);
      if (got.has(d)) this.until.set(d, until);
      else this.until.delete(d);
      if (had !== got.has(d)) changed.push(this.tell(d, got.has(d)));
    }
    await Promise.all(changed);
    // Tell of a lapse when it happens, not at the next tick.
    this.armLapse();
  }

  /** Wakes when the first held lease may have run out. */
  private armLapse(): void {
    if (this.lapse) clearTimeout(this.lapse);
    this.lapse = null;
    const first = Math.min(...this.until.values());
    if (!Number.isFinite(first)) return;
    this.lapse = setTimeout(() => this.checkLapse(), first - performance.now() + 1);
    this.lapse.unref();
  }

  /**
   * Tells of each lease that ran out. A timer can wake a little before its time (the event
   * loop's clock is read once per turn, so it lags after long work), so it waits again for
   * those that have not run out yet.
   */
  private checkLapse(): void {
    for (const d of DUTIES) {
      if (this.until.has(d) && !this.holds(d)) {
        this.until.delete(d);
        void this.tell(d, false);
      }
    }
    this.armLapse();
  }

  private async tell(duty: Duty, held: boolean): Promise<void> {
    this.deps.log.info(held ? 'took a duty' : 'gave up a duty', { duty });
    for (const fn of this.watchers) {
      try {
        await fn(duty, held);
      } catch (err) {
        this.deps.log.error('taking or giving up a duty failed', { duty, held, err: (err as Error).message });
      }
    }
  }

  /** Who holds which duty, for the status and the top bar. */
  async list(): Promise<DutyHolder[]> {
    return (await dutyRows(this.deps.db)).map((r) => ({ duty: r.duty, holder: r.holder_name, mine: r.holder === this.id, since: new Date(r.since).toISOString(), live: r.live }));
  }
}
