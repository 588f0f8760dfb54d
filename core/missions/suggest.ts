// Which vehicle should take a mission: every vehicle scored by when it can be at the
// pick-up, with the reason in words, so an operator can see why one ranks above another.
import { distance, nearestNode, shortestPath, type Candidate, type FactsheetView, type SiteGraph, type VehicleLive } from '../contract/index.js';

export interface DispatchModel {
  /** Average driving speed, m/s, for vehicles without a factsheet. */
  speedMps: number;
  /** Maximum speed from each vehicle's VDA 5050 factsheet, m/s, where it sent one. */
  factsheetSpeeds?: Map<string, number>;
  /** Metres a full battery lasts. */
  reachM: number;
  /** Battery a vehicle must still have after the trip, %. */
  reservePercent: number;
}

/** What a vehicle still has to do for its current mission, if any. */
export interface Commitment { missionId: string; remainingM: number }

/** Within this many metres of finishing its mission a vehicle counts as finishing soon. */
export const FINISHING_SOON_M = 150;

const round = (n: number) => Math.round(n);

export function rankCandidates(
  graph: SiteGraph, vehicles: VehicleLive[], mission: { pickupNode: string; dropoffNode: string }, busy: Map<string, Commitment>, m: DispatchModel,
): Candidate[] {
  const trip = shortestPath(graph, mission.pickupNode, mission.dropoffNode);
  const ranked = vehicles.map((v): Candidate => {
    const no = (reason: string): Candidate => ({ vehicleId: v.id, name: v.name, eligible: false, score: null, etaToPickupS: null, batteryAfterPercent: null, reason });
    if (v.mapId !== null && v.mapId !== graph.mapId) return no('on another floor');
    if (v.mapId === null || v.x === null || v.y === null) return no('position unknown');
    if (v.isNew) return no('not confirmed yet');
    if (v.service) return no(v.service.state === 'maintenance' ? `in maintenance: ${v.service.reason}` : 'decommissioned');
    if (v.status === 'offline') return no('offline');
    const fatal = v.errors.find((e) => e.level === 'FATAL');
    if (fatal) return no(`in error: ${fatal.description ?? fatal.type}`);
    if (!trip) return no('no route from the pick-up to the drop-off');
    const commitment = busy.get(v.id);
    if (commitment && commitment.remainingM > FINISHING_SOON_M) return no(`on another mission, ${round(commitment.remainingM)} m to go`);
    const start = nearestNode(graph, { x: v.x, y: v.y });
    const toPickup = shortestPath(graph, start.id, mission.pickupNode);
    if (!toPickup) return no('no route to the pick-up');
    const before = commitment?.remainingM ?? 0;
    const metres = before + distance(start, { x: v.x, y: v.y }) + toPickup.length;
    const eta = metres / (m.factsheetSpeeds?.get(v.id) ?? m.speedMps);
    const batteryAfter = (v.battery ?? 0) - ((metres + trip.length) / m.reachM) * 100;
    if (v.battery === null) return no('battery unknown');
    if (batteryAfter < m.reservePercent) return no(`battery would end at ${round(batteryAfter)}% (reserve ${m.reservePercent}%)`);
    const warnings = v.errors.filter((e) => e.level === 'WARNING').length;
    const penalty = (v.paused ? 60 : 0) + warnings * 30;
    const state = commitment ? 'finishing its mission' : v.charging ? 'charging' : v.paused ? 'paused' : v.status;
    const extras = [penalty && v.paused ? 'paused (+60 s)' : '', warnings ? `${warnings} warning${warnings > 1 ? 's' : ''} (+${warnings * 30} s)` : ''].filter(Boolean);
    return {
      vehicleId: v.id, name: v.name, eligible: true, score: round(eta + penalty), etaToPickupS: round(eta), batteryAfterPercent: round(batteryAfter),
      reason: [`${state}, ${round(metres)} m to the pick-up (${round(eta)} s)`, `${round(batteryAfter)}% left after the trip`, ...extras].join('; '),
    };
  });
  return ranked.sort((a, b) => Number(b.eligible) - Number(a.eligible) || (a.score ?? 0) - (b.score ?? 0) || a.name.localeCompare(b.name));
}

/** speedMax from each vehicle's factsheet, where it gives a usable one. */
export function factsheetSpeeds(sheets: Map<string, FactsheetView>): Map<string, number> {
  return new Map([...sheets].filter(([, f]) => (f.speedMaxMps ?? 0) > 0).map(([id, f]) => [id, f.speedMaxMps!]));
}
