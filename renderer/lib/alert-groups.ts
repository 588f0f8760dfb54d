// Alerts from the same source about the same condition are one group in the inbox: the
// same error on three vehicles, one sensor rule on several sensors, an external system's
// alerts of one type. The group leads with its most urgent alert.
import type { AlertView } from './incident-format.js';

export interface AlertGroup {
  key: string;
  /** "laserScannerFault", "Heat rule", "fall": what the alerts have in common. */
  label: string;
  source: string;
  alerts: AlertView[];
}

/** What a group is keyed by: the condition, without the vehicle or sensor it is on. */
export function groupKey(a: AlertView): string {
  const k = a.conditionKey;
  if (a.source === 'fleet' && k?.startsWith('vehicle/')) return `fleet/${k.split('/').slice(2).join('/')}`;
  if (a.source === 'sensor-rule' && k?.startsWith('rule/')) return `sensor-rule/${k.split('/').slice(0, 2).join('/')}`;
  return `${a.source}/type/${a.type}`;
}

function labelOf(a: AlertView): string {
  if (a.source === 'fleet' && a.conditionKey) {
    const what = a.conditionKey.split('/').slice(2).join('/');
    return what.startsWith('error:') ? what.slice(6) : a.type.replaceAll('_', ' ');
  }
  return a.type.replaceAll('_', ' ');
}

/** Groups in the inbox's order (each where its first alert stands); alerts keep their order within. */
export function groupAlerts(ordered: AlertView[]): AlertGroup[] {
  const groups = new Map<string, AlertGroup>();
  for (const a of ordered) {
    const key = groupKey(a);
    const g = groups.get(key) ?? { key, label: labelOf(a), source: a.source, alerts: [] };
    g.alerts.push(a);
    groups.set(key, g);
  }
  return [...groups.values()];
}
