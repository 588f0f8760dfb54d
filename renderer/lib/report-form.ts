// The reports form as plain values, and the input each report takes from it.
import type { ReportKind, ReportLanguage } from '../../core/contract/index.js';
import type { Key } from '../i18n/i18n.svelte.js';

export interface ReportForm {
  from: string;
  to: string;
  groupBy: { response: 'priority' | 'agency' | 'type'; transports: 'vehicle' | 'ward' | 'hour'; city: 'category' | 'status' | 'age' };
  priorities: number[];
  type: string;
  vehicleId: string;
  ward: string;
  category: string;
  status: '' | 'open' | 'in_progress' | 'closed';
}

/** The report tabs; `label` is the key of the tab's words. */
export const REPORT_TABS: { kind: ReportKind; label: Key; permission: string }[] = [
  { kind: 'response', label: 'missions.reports.tabs.response', permission: 'incidents:read' },
  { kind: 'transports', label: 'missions.reports.tabs.transports', permission: 'missions:read' },
  { kind: 'fleet', label: 'missions.reports.tabs.fleet', permission: 'fleet:read' },
  { kind: 'city', label: 'missions.reports.tabs.city', permission: 'city:read' },
];

/** "YYYY-MM-DD" of an instant in the site's zone. */
export const siteDay = (t: number, timeZone: string): string =>
  new Intl.DateTimeFormat('sv-SE', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(t);

/** A calendar date moved by whole days (no time zone involved). */
export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}

/** The last seven days at the site, today included. */
export function emptyForm(now: number, timeZone: string): ReportForm {
  const to = siteDay(now, timeZone);
  return {
    from: addDays(to, -6), to, groupBy: { response: 'priority', transports: 'vehicle', city: 'category' },
    priorities: [], type: '', vehicleId: '', ward: '', category: '', status: '',
  };
}

/** What one report is asked for, in the operator's language: blank filters are left out rather than sent empty. */
export function reportInput(kind: ReportKind, f: ReportForm, siteId: string, lang: ReportLanguage): Record<string, unknown> {
  const base = { siteId, from: f.from, to: f.to, lang };
  const given = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== '' && !(Array.isArray(v) && v.length === 0)));
  switch (kind) {
    case 'response': return { ...base, groupBy: f.groupBy.response, ...given({ priorities: f.priorities, type: f.type.trim() }) };
    case 'transports': return { ...base, groupBy: f.groupBy.transports, ...given({ vehicleId: f.vehicleId, ward: f.ward }) };
    case 'fleet': return { ...base, ...given({ vehicleId: f.vehicleId }) };
    case 'city': return { ...base, groupBy: f.groupBy.city, ...given({ category: f.category.trim(), status: f.status }) };
  }
}
