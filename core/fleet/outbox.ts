// The ingest outbox: what the writer could not commit, kept on local disk (`outbox.sqlite`
// in the data folder, see db/spool.ts) in the order received, so that a console killed
// while its database is away loses nothing it acknowledged to the broker. The writer
// drains it oldest first once the database answers. Over its limit, the oldest telemetry
// goes first, then the oldest readings; alerts, connections, quarantine and vehicles'
// states are never dropped.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { openSpool, type Spool, type SpoolRow } from '../../db/index.js';
import { emptyBatch, type Batch } from './batch.js';

export const OUTBOX_FILE = 'outbox.sqlite';
/** Why the outbox cannot be used, and what that means, in a sentence for the status. */
export function outboxProblem(what: 'opened' | 'written', err: unknown): string {
  const reason = (err instanceof Error ? err.message : String(err)).split('\n')[0];
  return `The ingest outbox (${OUTBOX_FILE} in the data folder) cannot be ${what}: ${reason}. While the database is away, rows wait in memory and are lost if the console stops.`;
}

/** Kinds dropped, in this order, when the outbox is over its limit. */
const DROPPABLE = ['telemetry', 'reading'] as const;
/** Marks the kind of a row kept as standby. */
const STANDBY = 'standby ';

export class Outbox {
  private spool: Spool | null = null;
  /** Telemetry and readings dropped over the limit since this console started. */
  dropped = 0;
  /**
   * Rows left by an earlier run (killed during an outage): its first chunk may have been
   * committed just before the kill, before it was removed here (see BatchWriter.drain).
   */
  leftover = false;

  constructor(private readonly opts: { dataDir: string; maxRows: number }) {
    // One left by an earlier run is opened at once, to be drained.
    if (existsSync(this.path)) {
      this.spool = openSpool(this.path);
      this.leftover = this.spool.count() > 0;
    }
  }

  get path(): string {
    return join(this.opts.dataDir, OUTBOX_FILE);
  }

  /** Rows waiting to be written. */
  get held(): number {
    return this.spool?.count() ?? 0;
  }

  /**
   * Appends a batch's rows in one transaction, then drops the oldest telemetry and readings
   * over the limit; returns how many it dropped. `standby`: received while this console
   * did not hold the ingest duty and nobody was known to (see BatchWriter.keep).
   */
  put(b: Batch, standby = false): number {
    const spool = (this.spool ??= openSpool(this.path));
    const rows: { kind: string; body: string }[] = [];
    const tag = standby ? STANDBY : '';
    const add = (kind: string, list: unknown[]) => list.forEach((r) => rows.push({ kind: tag + kind, body: JSON.stringify(r) }));
    add('telemetry', b.telemetry);
    add('vehicle', [...b.vehicles.values()]);
    add('connection', b.connections);
    add('reading', b.readings);
    add('quarantine', b.quarantine);
    add('repeats', b.repeats);
    add('alert', b.alerts ?? []);
    spool.append(rows);
    let over = spool.count() - this.opts.maxRows;
    let dropped = 0;
    for (const kind of DROPPABLE) {
      for (const k of [kind, STANDBY + kind]) {
        const n = over > 0 ? spool.dropOldest(k, over) : 0;
        over -= n;
        dropped += n;
      }
    }
    this.dropped += dropped;
    return dropped;
  }

  /**
   * The oldest rows as one batch, all received as holder or all as standby (the first
   * row's), and the id to remove through once it is committed; null when empty.
   */
  oldest(limit: number): { batch: Batch; standby: boolean; through: number } | null {
    const rows = this.spool?.oldest(limit) ?? [];
    if (!rows.length) return null;
    const standby = rows[0]!.kind.startsWith(STANDBY);
    const end = rows.findIndex((r) => r.kind.startsWith(STANDBY) !== standby);
    const run = end < 0 ? rows : rows.slice(0, end);
    return { batch: toBatch(run, standby ? STANDBY.length : 0), standby, through: run[run.length - 1]!.id };
  }

  /** The rows up to `through` are committed. */
  committed(through: number): void {
    this.spool?.removeThrough(through);
  }

  close(): void {
    this.spool?.close();
    this.spool = null;
  }
}

function toBatch(rows: SpoolRow[], skip: number): Batch {
  const b = emptyBatch();
  for (const r of rows) {
    const v = JSON.parse(r.body);
    const kind = r.kind.slice(skip);
    if (kind === 'telemetry') b.telemetry.push(v);
    else if (kind === 'vehicle') b.vehicles.set(v.id, v);
    else if (kind === 'connection') b.connections.push(v);
    else if (kind === 'reading') b.readings.push(v);
    else if (kind === 'quarantine') b.quarantine.push(v);
    else if (kind === 'repeats') b.repeats.push(v);
    else if (kind === 'alert') b.alerts!.push(v.cleared ? { ...v, at: new Date(v.at) } : { ...v, occurredAt: new Date(v.occurredAt), receivedAt: new Date(v.receivedAt) });
  }
  return b;
}
