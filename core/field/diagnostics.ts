// What each vehicle's state says beyond the map: its error and information entries kept
// as episodes in the database, and the last safety, order, node and action states.
import type { Db, Queryable } from '../../db/index.js';
import type { Clock } from '../clock.js';
import type { ErrorFrequency, EpisodeView, ServiceState } from '../contract/index.js';
import type { Logger } from '../logger.js';
import { diffEntries, durationS, entriesOf, type VdaEntries } from './episodes.js';

/** The parts of a VDA 5050 2.0 state message read here. */
export interface VdaServiceState extends VdaEntries {
  orderId?: string;
  orderUpdateId?: number;
  lastNodeId?: string;
  nodeStates?: Array<{ nodeId: string; sequenceId: number; released?: boolean }>;
  edgeStates?: Array<{ edgeId: string; sequenceId: number; released?: boolean }>;
  actionStates?: Array<{ actionId: string; actionType?: string; actionStatus: string; resultDescription?: string }>;
  safetyState?: { eStop?: string; fieldViolation?: boolean };
  agvPosition?: { x: number; y: number; theta: number; mapId: string; positionInitialized?: boolean };
}

interface Open { id: string; lastSeen: Date }
/** How often the last sighting of open episodes is written (it is written at their end anyway). */
const FLUSH_MS = 10_000;

export class Diagnostics {
  /** Each vehicle's last state message and when it came: its view (state()) is made when read, not on every message. */
  private readonly last = new Map<string, { s: VdaServiceState; at: Date }>();
  private readonly open = new Map<string, Map<string, Open>>();
  /** Vehicles that reported an e-stop since they last resumed. */
  private readonly eStopped = new Set<string>();
  private queue: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly deps: { db: Db; clock: Clock; log: Logger }) {}

  async start(): Promise<void> {
    const rows = await this.deps.db.query<{ id: string; vehicle_id: string; entry_key: string; last_seen: Date }>(
      'SELECT id, vehicle_id, entry_key, last_seen FROM fleet.vehicle_diagnostics WHERE ended_at IS NULL');
    for (const r of rows) this.openOf(r.vehicle_id).set(r.entry_key, { id: r.id, lastSeen: r.last_seen });
    this.timer = setInterval(() => this.enqueue(() => this.flush()), FLUSH_MS);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.enqueue(() => this.flush());
    await this.queue;
  }

  /** Resolves when every write queued so far is done (tests). */
  settled(): Promise<void> {
    return this.queue;
  }

  eStopSinceResume(vehicleId: string): boolean {
    return this.eStopped.has(vehicleId);
  }

  /** A resume after an e-stop was carried out. */
  resumed(vehicleId: string): void {
    this.eStopped.delete(vehicleId);
  }

  /** Whether the vehicle's last state message reports an emergency stop. */
  eStopNow(vehicleId: string): boolean {
    const eStop = this.last.get(vehicleId)?.s.safetyState?.eStop;
    return !!eStop && eStop !== 'NONE';
  }

  /** The vehicles whose last state message placed them on `mapId`. */
  onMap(mapId: string): string[] {
    return [...this.last].filter(([, l]) => l.s.agvPosition?.mapId === mapId).map(([id]) => id);
  }

  /** What the vehicle last said of itself, for the technician's view (null before its first state message). */
  state(vehicleId: string): ServiceState | null {
    const last = this.last.get(vehicleId);
    if (!last) return null;
    const { s, at } = last;
    return {
      receivedAt: at.toISOString(), eStop: s.safetyState?.eStop ?? null, fieldViolation: s.safetyState?.fieldViolation ?? null, eStopSinceResume: this.eStopped.has(vehicleId),
      positionInitialized: s.agvPosition?.positionInitialized ?? null,
      position: s.agvPosition ? { x: s.agvPosition.x, y: s.agvPosition.y, theta: s.agvPosition.theta, mapId: s.agvPosition.mapId } : null, orderId: s.orderId ?? '', orderUpdateId: s.orderUpdateId ?? 0, lastNodeId: s.lastNodeId ?? '',
      nodeStates: (s.nodeStates ?? []).map((n) => ({ nodeId: n.nodeId, sequenceId: n.sequenceId, released: n.released ?? null })),
      edgeStates: (s.edgeStates ?? []).map((e) => ({ edgeId: e.edgeId, sequenceId: e.sequenceId, released: e.released ?? null })),
      actionStates: (s.actionStates ?? []).map((a) => ({ actionId: a.actionId, actionType: a.actionType ?? null, actionStatus: a.actionStatus, resultDescription: a.resultDescription ?? null })),
    };
  }

  private openOf(vehicleId: string) {
    let m = this.open.get(vehicleId);
    if (!m) this.open.set(vehicleId, (m = new Map()));
    return m;
  }

  onState(vehicleId: string, s: VdaServiceState): void {
    const at = this.deps.clock.now();
    const eStop = s.safetyState?.eStop ?? null;
    if (eStop && eStop !== 'NONE') this.eStopped.add(vehicleId);
    this.last.set(vehicleId, { s, at });
    const open = this.openOf(vehicleId);
    const d = diffEntries(new Set(open.keys()), entriesOf(s));
    for (const k of d.continuing) open.get(k)!.lastSeen = at;
    if (!d.opened.length && !d.ended.length) return;
    // The slot itself, not a copy: a queued insert fills its id in before the end is written.
    const ended = d.ended.map((k) => ({ slot: open.get(k)!, key: k }));
    for (const e of ended) open.delete(e.key);
    // Placeholders keep the keys open while the insert is queued.
    const opened = d.opened.map((e) => ({ e, slot: { id: '', lastSeen: at } }));
    for (const o of opened) open.set(o.e.key, o.slot);
    this.enqueue(async () => {
      await this.deps.db.transaction(async (tx) => {
        for (const e of ended) {
          await tx.query('UPDATE fleet.vehicle_diagnostics SET ended_at = $2, last_seen = greatest(last_seen, $3) WHERE id = $1', [e.slot.id, at.toISOString(), e.slot.lastSeen.toISOString()]);
        }
        for (const { e, slot } of opened) slot.id = await openEpisode(tx, vehicleId, e, at);
      });
    });
  }

  private async flush(): Promise<void> {
    const rows = [...this.open.values()].flatMap((m) => [...m.values()]).filter((o) => o.id);
    if (!rows.length) return;
    await this.deps.db.query(
      `UPDATE fleet.vehicle_diagnostics d SET last_seen = greatest(d.last_seen, u.last_seen)
       FROM jsonb_to_recordset($1::jsonb) AS u(id uuid, last_seen timestamptz) WHERE d.id = u.id AND d.ended_at IS NULL`,
      [JSON.stringify(rows.map((r) => ({ id: r.id, last_seen: r.lastSeen.toISOString() })))],
    );
  }

  private enqueue(work: () => Promise<void>): void {
    this.queue = this.queue.then(work).catch((err: unknown) => this.deps.log.error('diagnostic episodes not written', { err: (err as Error).message }));
  }
}

async function openEpisode(tx: Queryable, vehicleId: string, e: ReturnType<typeof entriesOf>[number], at: Date): Promise<string> {
  // Another console on the same central database may have opened it already.
  const [row] = await tx.query<{ id: string }>(
    `INSERT INTO fleet.vehicle_diagnostics (vehicle_id, kind, entry_type, level, description, refs, entry_key, first_seen, last_seen)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)
     ON CONFLICT (vehicle_id, kind, entry_key) WHERE ended_at IS NULL DO UPDATE SET last_seen = EXCLUDED.last_seen RETURNING id`,
    [vehicleId, e.kind, e.type, e.level, e.description, JSON.stringify(e.references), e.key, at.toISOString()]);
  return row!.id;
}

interface EpisodeRow {
  id: string; kind: EpisodeView['kind']; entry_type: string; level: EpisodeView['level']; description: string | null;
  refs: Array<{ key: string; value: string }>; first_seen: Date; last_seen: Date; ended_at: Date | null;
}

export async function listEpisodes(db: Queryable, vehicleId: string, limit = 100): Promise<EpisodeView[]> {
  const rows = await db.query<EpisodeRow>(
    'SELECT * FROM fleet.vehicle_diagnostics WHERE vehicle_id = $1 ORDER BY first_seen DESC, id DESC LIMIT $2', [vehicleId, limit]);
  return rows.map((r) => ({
    id: r.id, kind: r.kind, type: r.entry_type, level: r.level, description: r.description, references: r.refs,
    firstSeen: r.first_seen.toISOString(), lastSeen: r.last_seen.toISOString(), endedAt: r.ended_at?.toISOString() ?? null,
    durationS: durationS(r.first_seen, r.last_seen, r.ended_at),
  }));
}

/** Error episodes per type and level that began within [from, to), most frequent first. */
export async function errorFrequency(db: Queryable, vehicleId: string, from: Date, to: Date): Promise<ErrorFrequency[]> {
  const rows = await db.query<{ entry_type: string; level: string; episodes: string; total_s: number; last_seen: Date }>(
    `SELECT entry_type, level, count(*) AS episodes,
            sum(extract(epoch FROM coalesce(ended_at, last_seen) - first_seen))::float8 AS total_s, max(last_seen) AS last_seen
     FROM fleet.vehicle_diagnostics WHERE vehicle_id = $1 AND kind = 'error' AND first_seen >= $2 AND first_seen < $3
     GROUP BY entry_type, level ORDER BY count(*) DESC, entry_type`,
    [vehicleId, from.toISOString(), to.toISOString()]);
  return rows.map((r) => ({ type: r.entry_type, level: r.level, episodes: Number(r.episodes), totalS: Math.round(r.total_s * 10) / 10, lastSeen: r.last_seen.toISOString() }));
}
