// Which resources to send: the nearest that are free, can do what the incident needs,
// and (for vehicles) are online and not busy with a mission. Each says why.
import type { ResourceStatus, ResourceSuggestion } from '../contract/index.js';

export interface ResourceCandidate {
  id: string;
  name: string;
  type: ResourceSuggestion['type'];
  status: ResourceStatus;
  capabilities: string[];
  distanceM: number | null;
  /** The incident number it is on, if any. */
  onIncident: string | null;
  /** For fleet vehicles: what stops it serving now (offline, error, on a mission), or null. */
  vehicleBusy: string | null;
}

const metres = (m: number) => (m < 1000 ? `${Math.round(m)} m` : `${(m / 1000).toFixed(1)} km`);

export function rankResources(candidates: ResourceCandidate[], needs: string[]): ResourceSuggestion[] {
  return candidates
    .map((c): ResourceSuggestion => {
      const matched = needs.filter((n) => c.capabilities.includes(n));
      const missing = needs.filter((n) => !c.capabilities.includes(n));
      const why = c.onIncident ? `on ${c.onIncident}`
        : c.status !== 'available' ? c.status.replaceAll('_', ' ')
        : c.vehicleBusy ?? (missing.length ? `lacks ${missing.join(', ')}` : null);
      const where = c.distanceM === null ? 'position unknown' : `${metres(c.distanceM)} away`;
      const has = matched.length ? ` · has ${matched.join(', ')}` : '';
      return {
        resourceId: c.id, name: c.name, type: c.type, status: c.status, eligible: why === null, distanceM: c.distanceM, matched,
        reason: why === null ? `available · ${where}${has}` : `${why} · ${where}`,
      };
    })
    .sort((a, b) => Number(b.eligible) - Number(a.eligible) || (a.distanceM ?? Infinity) - (b.distanceM ?? Infinity) || a.name.localeCompare(b.name));
}
