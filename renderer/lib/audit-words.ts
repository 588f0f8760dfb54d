import type { AuditRecord } from '../../core/contract/index.js';

// An audit entry's resource in words ("vehicle sim-01", "incident INC-0042 Fire at the dock"), not
// its UUID: the name comes from what the entry recorded. The id stays in the entry's details.

const KINDS: Record<string, string> = {
  service_request: 'service request', site_map: 'site map', vehicle_command: 'vehicle command', field_source: 'field source',
  alert_rule: 'alert rule', retention_rule: 'retention rule', records_archive: 'records archive', broker_settings: 'broker settings',
  backup_schedule: 'backup schedule', archive_schedule: 'archive schedule', audit_segment: 'audit segment', audit_log: 'audit log',
  secret_key: 'secret key', report: 'public report', resource: 'responder',
};

/** The resource's kind in words: "service request" for service_request. */
export const kindWords = (type: string): string => KINDS[type] ?? type.replaceAll('_', ' ');

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
