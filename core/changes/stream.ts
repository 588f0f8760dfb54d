import type { Db } from '../../db/index.js';
import type { Bus, Change } from '../bus.js';
import type { Logger } from '../logger.js';

export const CHANNEL = 'watchfloor_changes';
/** How long change rows are kept for consoles and browsers that catch up. */
export const CHANGE_RETENTION_MS = 86_400_000;
const CATCH_UP_BATCH = 5000;

interface Row { seq: string | number; kind: string; id: string | null; site_id: string | null; action: Change['action']; ref: string | null }
const fromRow = (r: Row): Change => ({ seq: Number(r.seq), kind: r.kind, id: r.id, siteId: r.site_id, action: r.action, ref: r.ref });

/** What to do with a reconnecting reader's last sequence: the changes since, or `null` when they are no longer kept. */
export async function changesSince(db: Db, seq: number, limit = CATCH_UP_BATCH): Promise<Change[] | null> {
  const [pruned] = await db.query<{ through: string }>('SELECT through FROM events.pruned');
  if (Number(pruned?.through ?? 0) > seq) return null;
  const rows = await db.query<Row>('SELECT seq, kind, id, site_id, action, ref FROM events.changes WHERE seq > $1 ORDER BY seq LIMIT $2', [seq, limit]);
  return rows.map(fromRow);
}

/** Deletes change rows older than the retention, and remembers how far it went. */
export async function pruneChanges(db: Db, now: Date): Promise<number> {
  const [gone] = await db.query<{ n: string; through: string | null }>(
    `WITH gone AS (DELETE FROM events.changes WHERE at < $1 RETURNING seq),
          mark AS (UPDATE events.pruned SET through = greatest(through, (SELECT max(seq) FROM gone)) WHERE EXISTS (SELECT 1 FROM gone))
     SELECT count(*) AS n, max(seq) AS through FROM gone`,
    [new Date(now.getTime() - CHANGE_RETENTION_MS).toISOString()]);
  return Number(gone!.n);
}

/**
 * The one stream of committed changes: the database notifies every console
 * (every core on a central database, in process on PGlite) after each commit,
 * and this puts them on the bus. When the listening connection is lost it
 * listens again with backoff and catches up from the table by sequence, so a
 * console misses nothing that was kept; where the gap was pruned it says
 * `changes.reset` and views reload.
 */
export class ChangeStream {
  /** The highest sequence put on the bus. */
  last = 0;
  private readonly seen = new Set<number>();
  private off: (() => Promise<void>) | null = null;
  private stopped = true;
  private retry: NodeJS.Timeout | null = null;
  private delayMs = 0;
  constructor(private readonly deps: { db: Db; bus: Bus; log: Logger }) {}

  async start(): Promise<void> {
    this.stopped = false;
    const [row] = await this.deps.db.query<{ seq: string | null }>('SELECT max(seq) AS seq FROM events.changes');
    this.last = Number(row?.seq ?? 0);
    await this.listen();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retry) clearTimeout(this.retry);
    await this.off?.().catch(() => {});
    this.off = null;
  }

  get listening(): boolean {
    return this.off !== null;
  }

  private async listen(): Promise<void> {
    this.off = await this.deps.db.listen(CHANNEL, (payload) => this.take(JSON.parse(payload) as Change), (err) => this.lost(err));
  }

  private take(c: Change): void {
    if (this.seen.has(c.seq)) return;
    this.seen.add(c.seq);
    if (this.seen.size > 20_000) for (const s of this.seen) { this.seen.delete(s); if (this.seen.size <= 10_000) break; }
    if (c.seq > this.last) this.last = c.seq;
    this.deps.bus.announce(c);
  }

  private lost(err: Error): void {
    this.off = null;
    if (this.stopped) return;
    if (!this.delayMs) this.deps.log.warn('lost the database change stream; listening again', { err: err.message });
    this.schedule();
  }

  private schedule(): void {
    this.delayMs = Math.min(this.delayMs ? this.delayMs * 2 : 500, 10_000);
    this.retry = setTimeout(() => void this.reconnect(), this.delayMs);
    this.retry.unref();
  }

  private async reconnect(): Promise<void> {
    if (this.stopped) return;
    try {
      await this.listen();
      await this.catchUp();
      this.delayMs = 0;
      this.deps.log.info('change stream back');
    } catch {
      await this.off?.().catch(() => {});
      this.off = null;
      this.schedule();
    }
  }

  /** Puts on the bus what was committed since the last change seen. */
  async catchUp(): Promise<void> {
    for (;;) {
      const rows = await changesSince(this.deps.db, this.last);
      if (rows === null) {
        this.deps.log.warn('changes were pruned while the stream was lost; views reload');
        const [row] = await this.deps.db.query<{ seq: string | null }>('SELECT max(seq) AS seq FROM events.changes');
        this.last = Number(row?.seq ?? this.last);
        this.deps.bus.emit('changes.reset', { seq: this.last });
        return;
      }
      rows.forEach((c) => this.take(c));
      if (rows.length < CATCH_UP_BATCH) return;
    }
  }
}
