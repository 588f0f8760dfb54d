// What makes input make sense, shared by core (which refuses) and the renderer (which
// says so next to the field before sending). Each rule gives a sentence or null.
import { z } from 'zod';
import { haversineM } from './area.js';
import { englishWords, own, type Reason } from './errors/index.js';

/** Places a resident may be picked up at or dropped off: not a charger or a dock, which are for vehicles. */
export const PASSENGER_PLACE_KINDS = ['room', 'entrance'] as const;
export const isPassengerPlace = (kind: string): boolean => (PASSENGER_PLACE_KINDS as readonly string[]).includes(kind);

/** Why a place is not one to pick a resident up at or drop them off at (a charger, a dock): a refusal's code and parameters. */
export function placeProblem(p: { name: string | null; kind: string }, role: 'pick-up' | 'drop-off'): Reason | null {
  if (isPassengerPlace(p.kind)) return null;
  const at = role === 'pick-up' ? 'pickupAt' : 'dropoffAt';
  if (p.kind === 'junction') return { code: `missions.${at}Junction` };
  const name = p.name ?? p.kind;
  if (p.kind === 'charger' || p.kind === 'dock') return { code: `missions.${at}${p.kind === 'charger' ? 'Charger' : 'Dock'}`, params: { name } };
  return { code: `missions.${at}Other`, params: { name, kind: p.kind } };
}

/** The same in English words. */
export function placeRefusal(p: { name: string | null; kind: string }, role: 'pick-up' | 'drop-off'): string | null {
  const problem = placeProblem(p, role);
  return problem && englishWords(problem.code, problem.params);
}

/** A pick-up time this far back still counts as now (a form filled in a minute ago). */
export const PAST_GRACE_MS = 5 * 60_000;
/** Transports are planned at most this far ahead. */
export const AHEAD_MAX_DAYS = 90;

/** Why a new transport's pick-up time does not make sense, unless it is explicitly backdated: a refusal's code and parameters. */
export function pickupTimeProblem(scheduledAt: string, now: Date, backdated: boolean): Reason | null {
  const t = Date.parse(scheduledAt);
  if (Number.isNaN(t)) return { code: 'missions.pickupNotATime' };
  if (t > now.getTime() + AHEAD_MAX_DAYS * 86_400_000) return { code: 'missions.pickupTooFarAhead', params: { days: AHEAD_MAX_DAYS } };
  if (!backdated && t < now.getTime() - PAST_GRACE_MS) return { code: 'missions.pickupInPast' };
  return null;
}

/** The same in English words. */
export function pickupTimeRefusal(scheduledAt: string, now: Date, backdated: boolean): string | null {
  const problem = pickupTimeProblem(scheduledAt, now, backdated);
  return problem && englishWords(problem.code, problem.params);
}

/** Incident categories: chosen from this list, never typed. */
export const INCIDENT_CATEGORIES = ['medical', 'fall', 'fire', 'security', 'wandering', 'care', 'technical', 'vehicle', 'facility', 'environment', 'other'] as const;
export const IncidentCategory = z.enum(INCIDENT_CATEGORIES, { message: own('input.categoryFromList', { list: INCIDENT_CATEGORIES.join(', ') }) });
export type IncidentCategory = z.infer<typeof IncidentCategory>;

/** The category an alert's incident starts with, from what the alert is about (not the system that sent it). */
export function categoryForAlert(type: string): IncidentCategory {
  const t = type.toLowerCase();
  if (/fall/.test(t)) return 'fall';
  if (/smoke|fire|heat/.test(t)) return 'fire';
  if (/wander|door|intru|access/.test(t)) return t.includes('wander') ? 'wandering' : 'security';
  if (/^vehicle|battery/.test(t)) return 'vehicle';
  if (/^sensor_/.test(t)) return 'environment';
  if (/call|medical|care/.test(t)) return 'care';
  return 'other';
}

/** Where a site's cases normally are: a place further than its radius asks for confirmation. */
export function farFromSiteProblem(p: { lat: number; lon: number }, site: { name: string; lat: number; lon: number; radiusKm: number }): Reason | null {
  const km = haversineM(p, site) / 1000;
  if (km <= site.radiusKm) return null;
  return { code: 'org.farFromSite', params: { km: km < 100 ? km.toFixed(1) : Math.round(km).toLocaleString('en'), site: site.name, radius: site.radiusKm } };
}

/** The same in English words. */
export function farFromSite(p: { lat: number; lon: number }, site: { name: string; lat: number; lon: number; radiusKm: number }): string | null {
  const far = farFromSiteProblem(p, site);
  return far && englishWords(far.code, far.params);
}

/** Resolving or closing an incident needs notes saying what was done. */
export const NOTES_REQUIRED = ['resolved', 'closed'] as const;
export const NOTES_MIN = 3;
