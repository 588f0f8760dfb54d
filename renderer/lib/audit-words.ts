import type { AuditRecord } from '../../core/contract/index.js';
import { tDynamic } from '../i18n/i18n.svelte.js';

// An audit entry's resource in words ("vehicle sim-01", "incident INC-0042 Fire at the dock"), not
// its UUID: the name comes from what the entry recorded. The id stays in the entry's details.

/** The resource's kind in words: "service request" for service_request (a kind without words: its name, spaced). */
export const kindWords = (type: string): string => tDynamic(`admin.audit.kind.${type}`, type.replaceAll('_', ' '));

/** An audit outcome in words ("success", "denied", "failed"). */
export const outcomeWords = (outcome: string): string => tDynamic(`admin.audit.outcomes.${outcome}`, outcome);

const NAME_KEYS = ['name', 'displayName', 'display_name', 'title', 'subject', 'email', 'serialNumber', 'serial_number', 'code', 'slug'] as const;
const NUMBER_KEYS = ['number', 'incidentNumber', 'incident_number'] as const;

function nameIn(values: unknown): string | null {
  if (!values || typeof values !== 'object' || Array.isArray(values)) return null;
  const v = values as Record<string, unknown>;
  const text = (k: string) => (typeof v[k] === 'string' && (v[k] as string).trim() ? (v[k] as string).trim() : typeof v[k] === 'number' ? String(v[k]) : null);
  const number = NUMBER_KEYS.map(text).find(Boolean) ?? null;
  const name = NAME_KEYS.map(text).find(Boolean) ?? null;
  return [number, name].filter(Boolean).join(' ') || null;
}

/** "vehicle sim-01" when the entry names it; "vehicle" alone when it does not (never the UUID); '' without a resource. */
export function resourceWords(e: Pick<AuditRecord, 'resourceType' | 'resourceId' | 'newValues' | 'oldValues'>): string {
  if (!e.resourceType) return '';
  const name = nameIn(e.newValues) ?? nameIn(e.oldValues);
  return name ? `${kindWords(e.resourceType)} ${name}` : kindWords(e.resourceType);
}
