// The fleet raises its own alerts, by what a vehicle reports and for how long: an error
// by its VDA 5050 level and duration (a bumper touched for three seconds raises nothing),
// going offline during a mission, a critical battery. Each condition is one episode
// (episodes.ts): it is raised once it has lasted long enough, becomes more severe as it
// lasts, and clears itself when the vehicle stops reporting it.
import type { Clock } from '../clock.js';
import type { VehicleLive } from '../contract/index.js';
import type { MissionRunner } from '../missions/runner.js';
import { coalesced } from '../coalesced.js';
import { openVehicleEpisodes } from './episodes.js';
import { raiseEpisodeAlert, resolveAlert, type AlertDeps } from './raise.js';

/** Below this charge a vehicle's battery is critical; it must climb above the second figure to clear. */
export const BATTERY_CRITICAL = 10;
const BATTERY_CLEAR = 15;

/** Severity by error level once the error has lasted `afterS`; shorter-lived errors raise nothing. */
export const ERROR_SEVERITY = {
  WARNING: [{ afterS: 120, severity: 4 }],
  FATAL: [{ afterS: 10, severity: 3 }, { afterS: 60, severity: 2 }],
} as const;

/** The severity an error has earned after `heldMs`, or null while it is still transient. On a mission a stopped vehicle is one step more urgent. */
export function errorSeverity(level: 'WARNING' | 'FATAL', heldMs: number, onMission: boolean): number | null {
  let severity: number | null = null;
  for (const step of ERROR_SEVERITY[level]) if (heldMs >= step.afterS * 1000) severity = step.severity;
  return severity !== null && onMission && level === 'FATAL' ? Math.max(1, severity - 1) : severity;
}

interface Condition { key: string; type: string; severity: (heldMs: number) => number | null; title: string; description: string | null }

function conditions(v: VehicleLive, onMission: string | null, wasLow: boolean): Condition[] {
  const found: Condition[] = v.errors.map((e) => ({
    key: `error:${e.type}`, type: e.level === 'FATAL' ? 'vehicle_fatal_error' : 'vehicle_warning',
    severity: (held: number) => errorSeverity(e.level, held, onMission !== null),
    title: `${v.name}: ${e.type}`, description: e.description ?? null,
  }));
  if (v.status === 'offline' && onMission !== null) {
    found.push({ key: 'offline', type: 'vehicle_offline_on_mission', severity: () => 1, title: `${v.name} went offline during a mission`, description: `Mission ${onMission} has lost its vehicle.` });
  }
  if (v.battery !== null && !v.charging && (v.battery < BATTERY_CRITICAL || (wasLow && v.battery < BATTERY_CLEAR))) {
    found.push({ key: 'battery', type: 'battery_critical', severity: () => 2, title: `${v.name}: battery ${Math.round(v.battery)} %`, description: `Below ${BATTERY_CRITICAL} % and not charging.` });
  }
  return found;
}

const DONE = Promise.resolve();

const CLEARED: Record<string, string> = { offline: 'the vehicle is back online', battery: 'the battery is charging or above 15 %' };

interface Held { since: number; raised: number | null }

export class FleetAlerts {
  /** vehicle id → condition key → since when it holds and the severity raised so far. */
  private readonly held = new Map<string, Map<string, Held>>();
  private readonly queue = new Map<string, Promise<void>>();
  private off = () => {};

  constructor(private readonly deps: AlertDeps & { clock: Clock; missions: MissionRunner; siteOf(v: VehicleLive): string | null }) {}

  start(): void {
    this.off = this.deps.bus.on('fleet.vehicle', (v) => void this.check(v));
  }

  stop(): void {
    this.off();
  }

  /** Checks again every vehicle's last state, so a condition that lasts earns its severity without new messages. */
  async sweep(vehicles: Iterable<VehicleLive>): Promise<void> {
    await Promise.all([...vehicles].map((v) => this.check(v)));
  }

  /** Resolves once the alerts this state raised or cleared are stored (they never reject). One vehicle's checks run in order. */
  check(v: VehicleLive): Promise<void> {
    // Most states of most vehicles hold nothing and raise nothing: answered at once, with no promises per message.
    if (!this.queue.has(v.id) && this.quiet(v)) return DONE;
    const next = (this.queue.get(v.id) ?? Promise.resolve()).then(() => this.run(v)).catch((err: Error) => this.deps.log.error('a fleet alert check failed', { err: err.message }));
    this.queue.set(v.id, next);
    void next.then(() => { if (this.queue.get(v.id) === next) this.queue.delete(v.id); });
    return next;
  }

  /** Nothing held for `v` (and known to be nothing, not yet to be read after a restart), and nothing it reports. */
  private quiet(v: VehicleLive): boolean {
    return this.held.get(v.id)?.size === 0 && conditions(v, this.deps.missions.activeMission(v.id), false).length === 0;
  }

  private async run(v: VehicleLive): Promise<void> {
    const siteId = this.deps.siteOf(v);
    if (!siteId) return;
    const held = this.held.get(v.id) ?? (await this.pickUp(v.id));
    this.held.set(v.id, held);
    const now = this.deps.clock.now();
    const onMission = this.deps.missions.activeMission(v.id);
    const active = conditions(v, onMission, held.get('battery')?.raised != null);
    // Built only for an alert raised: most states raise none.
    const base = () => ({ siteId, source: 'fleet', vehicleId: v.id, lat: v.lat, lon: v.lon, occurredAt: now, receivedAt: now,
      raw: { vehicle: v.name, battery: v.battery, errors: v.errors, status: v.status } });
    const work: Promise<void>[] = [];
    for (const c of active) {
      const h = held.get(c.key) ?? { since: now.getTime(), raised: null };
      held.set(c.key, h);
      const severity = c.severity(now.getTime() - h.since);
      if (severity === null || (h.raised !== null && severity >= h.raised)) continue;
      const repeat = h.raised === null;
      h.raised = severity;
      work.push(raiseEpisodeAlert(this.deps, { ...base(), conditionKey: `vehicle/${v.id}/${c.key}`, type: c.type, severity, title: c.title, description: c.description }, repeat));
    }
    for (const [key, h] of held) {
      if (active.some((c) => c.key === key)) continue;
      held.delete(key);
      if (h.raised === null) continue;
      const reason = CLEARED[key] ?? `the vehicle no longer reports ${key.replace(/^error:/, '')}`;
      work.push(resolveAlert(this.deps, { siteId, source: 'fleet', conditionKey: `vehicle/${v.id}/${key}` }, `Cleared by itself: ${reason}.`, now));
    }
    await Promise.all(work);
  }

  /** Each vehicle's open alerts, read for many vehicles at once (a fleet coming online). */
  private readonly openEpisodes = coalesced((ids: string[]) => openVehicleEpisodes(this.deps.db, ids), () => new Map<string, { severity: number; since: Date }>());

  /** After a restart: the vehicle's open alerts are episodes in progress (cleared on this check if they are over). */
  private async pickUp(vehicleId: string): Promise<Map<string, Held>> {
    const open = await this.openEpisodes(vehicleId);
    const prefix = `vehicle/${vehicleId}/`;
    return new Map([...open].filter(([k]) => k.startsWith(prefix)).map(([k, e]) => [k.slice(prefix.length), { since: e.since.getTime(), raised: e.severity }]));
  }
}
