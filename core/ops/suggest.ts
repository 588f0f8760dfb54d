// Which resources to send: the nearest that are free, can do what the incident needs,
// and (for vehicles) are online and not busy with a mission. Each says why: as data (`blocker`,
// `distanceM`, `matched`) for the renderer to word, and in English (`reason`) for the API and the record.
import type { ResourceStatus, ResourceSuggestion, SuggestionBlocker } from '../contract/index.js';

export interface ResourceCandidate {
  id: string;
  name: string;
  type: ResourceSuggestion['type'];
  status: ResourceStatus;
  capabilities: string[];
  distanceM: number | null;
  /** The incident number it is on, if any. */
  onIncident: string | null;
  /** For fleet vehicles: what stops it serving now (offline, in error, on a mission), or null. */
  vehicleBusy: 'offline' | 'error' | 'onMission' | null;
}

const metres = (m: number) => (m < 1000 ? `${Math.round(m)} m` : `${(m / 1000).toFixed(1)} km`);

const VEHICLE_WORDS = { offline: 'vehicle offline', error: 'vehicle in error', onMission: 'on a mission' } as const;

/** What keeps the candidate from going, the first that applies; null when it can go. */
function blockerOf(c: ResourceCandidate, needs: string[]): SuggestionBlocker | null {
  if (c.onIncident) return { code: 'onIncident', incident: c.onIncident };
  if (c.status !== 'available') return { code: 'status', status: c.status };
  if (c.vehicleBusy) return { code: 'vehicle', vehicle: c.vehicleBusy };
  const missing = needs.filter((n) => !c.capabilities.includes(n));
  return missing.length ? { code: 'lacks', missing } : null;
}

/** The reason in English: "available · 40 m away · has first_aid", "lacks lift · 2.3 km away". */
export function reasonInEnglish(s: Pick<ResourceSuggestion, 'blocker' | 'distanceM' | 'matched'>): string {
  const b = s.blocker;
  const where = s.distanceM === null ? 'position unknown' : `${metres(s.distanceM)} away`;
  if (!b) return `available · ${where}${s.matched.length ? ` · has ${s.matched.join(', ')}` : ''}`;
  const why = b.code === 'onIncident' ? `on ${b.incident}`
    : b.code === 'status' ? b.status.replaceAll('_', ' ')
    : b.code === 'vehicle' ? VEHICLE_WORDS[b.vehicle]
    : `lacks ${b.missing.join(', ')}`;
  return `${why} · ${where}`;
}

export function rankResources(candidates: ResourceCandidate[], needs: string[]): ResourceSuggestion[] {
  return candidates
    .map((c): ResourceSuggestion => {
      const matched = needs.filter((n) => c.capabilities.includes(n));
      const blocker = blockerOf(c, needs);
      return {
        resourceId: c.id, name: c.name, type: c.type, status: c.status, eligible: blocker === null, distanceM: c.distanceM, matched, blocker,
        reason: reasonInEnglish({ blocker, distanceM: c.distanceM, matched }),
      };
    })
    .sort((a, b) => Number(b.eligible) - Number(a.eligible) || (a.distanceM ?? Infinity) - (b.distanceM ?? Infinity) || a.name.localeCompare(b.name));
}
