// The fleet raises its own alerts: a fatal error, going offline during a mission, a
// critical battery. One alert per episode: it is raised when the condition starts and a
// new one only after the condition has cleared and come back.
import type { Clock } from '../clock.js';
import type { VehicleLive } from '../contract/index.js';
import type { MissionRunner } from '../missions/runner.js';
import { raiseAlert, type AlertDeps } from './raise.js';

/** Below this charge a vehicle's battery is critical; it must climb above the second figure to clear. */
export const BATTERY_CRITICAL = 10;
const BATTERY_CLEAR = 15;

interface Condition { key: string; on: boolean; type: string; severity: number; title: string; description: string | null }

function conditions(v: VehicleLive, onMission: string | null, wasLow: boolean): Condition[] {
  const fatal = v.errors.find((e) => e.level === 'FATAL');
  const low = v.battery !== null && !v.charging && (v.battery < BATTERY_CRITICAL || (wasLow && v.battery < BATTERY_CLEAR));
  return [
    { key: 'fatal', on: Boolean(fatal), type: 'vehicle_fatal_error', severity: 2, title: `${v.name}: ${fatal?.type ?? 'fatal error'}`, description: fatal?.description ?? null },
    { key: 'offline', on: v.status === 'offline' && onMission !== null, type: 'vehicle_offline_on_mission', severity: 1,
      title: `${v.name} went offline during a mission`, description: onMission ? `Mission ${onMission} has lost its vehicle.` : null },
    { key: 'battery', on: low, type: 'battery_critical', severity: 2, title: `${v.name}: battery ${Math.round(v.battery ?? 0)} %`, description: `Below ${BATTERY_CRITICAL} % and not charging.` },
  ];
}

export class FleetAlerts {
  /** `${vehicleId}/${key}` → when the episode started (part of its external id). */
  private readonly open = new Map<string, string>();
  private off = () => {};

  constructor(private readonly deps: AlertDeps & { clock: Clock; missions: MissionRunner; siteOf(v: VehicleLive): string | null }) {}

  start(): void {
    this.off = this.deps.bus.on('fleet.vehicle', (v) => void this.check(v));
  }

  stop(): void {
    this.off();
  }

  /** Resolves once the alerts this state raised are stored (they never reject). */
  check(v: VehicleLive): Promise<void> {
    const siteId = this.deps.siteOf(v);
    const raised: Promise<void>[] = [];
    if (!siteId) return Promise.resolve();
    for (const c of conditions(v, this.deps.missions.activeMission(v.id), this.open.has(`${v.id}/battery`))) {
      const key = `${v.id}/${c.key}`;
      if (!c.on) {
        this.open.delete(key);
        continue;
      }
      if (this.open.has(key)) continue;
      const now = this.deps.clock.now();
      this.open.set(key, now.toISOString());
      raised.push(raiseAlert(this.deps, {
        siteId, source: 'fleet', externalId: `${v.id}/${c.key}/${now.toISOString()}`, type: c.type, severity: c.severity, title: c.title,
        description: c.description, lat: v.lat, lon: v.lon, vehicleId: v.id, raw: { vehicle: v.name, battery: v.battery, errors: v.errors, status: v.status },
        occurredAt: now, receivedAt: now,
      }));
    }
    return Promise.all(raised).then(() => {});
  }
}
