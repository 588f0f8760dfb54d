import type { SyncReportView } from '../../core/contract/index.js';
import { tDynamic } from '../i18n/i18n.svelte.js';
import { siteWhen } from './time.js';

/**
 * A ticket conflict a push met, in the operator's language: its code worded with the ticket's
 * statuses in words and the moment in site time; as the central console worded it when it sent
 * no code (an older version).
 */
export function conflictText(c: SyncReportView['conflicts'][number], timeZone: string, now = Date.now()): string {
  if (!c.why) return c.what;
  const params: Record<string, string | number> = { ...c.why.params };
  for (const k of ['status', 'laptop']) {
    const s = params[k];
    if (typeof s === 'string') params[k] = tDynamic(`fleet.log.ticketStatus.${s.replace(' ', '_')}`, s);
  }
  if (typeof params.when === 'string' && !Number.isNaN(Date.parse(params.when))) params.when = siteWhen(params.when, timeZone, now);
  return tDynamic(`errors.${c.why.code}`, c.what, params);
}
