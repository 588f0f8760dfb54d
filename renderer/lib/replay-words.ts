// The time bar's words, in one place: each read in the operator's language when shown.
import type { ReplayEvent, ReplayEventKind } from '../../core/contract/index.js';
import { num, t, tDynamic } from '../i18n/i18n.svelte.js';

export const replayWords = {
  get open() { return t('missions.replay.open'); },
  get openTitle() { return t('missions.replay.openTitle'); },
  get badge() { return t('missions.replay.badge'); },
  get live() { return t('missions.replay.live'); },
  get play() { return t('missions.replay.play'); },
  get pause() { return t('missions.replay.pause'); },
  get stepBack() { return t('missions.replay.stepBack'); },
  get stepForward() { return t('missions.replay.stepForward'); },
  get previous() { return t('missions.replay.previous'); },
  get next() { return t('missions.replay.next'); },
  get goTo() { return t('missions.replay.goTo'); },
  get speed() { return t('missions.replay.speed'); },
  get end() { return t('missions.replay.end'); },
  get around() { return t('missions.replay.around'); },
  get aroundTitle() { return t('missions.replay.aroundTitle'); },
  get panelTitle() { return t('missions.replay.panelTitle'); },
  get nothing() { return t('missions.replay.nothing'); },
  get loading() { return t('missions.replay.loading'); },
  fps: (n: number) => t('missions.replay.fps', { n: num(n, { minimumFractionDigits: 1, maximumFractionDigits: 1 }) }),
};

/** The kinds of marks on the time bar, in words (read when shown). */
export const KIND_LABELS: Readonly<Record<ReplayEventKind, string>> = {
  get alert() { return t('missions.replay.kinds.alert'); },
  get status() { return t('missions.replay.kinds.status'); },
  get command() { return t('missions.replay.kinds.command'); },
  get audit() { return t('missions.replay.kinds.audit'); },
};
export const KIND_COLORS: Record<ReplayEventKind, string> = { alert: '#f85149', status: '#4aa3ff', command: '#d29922', audit: '#8b98a5' };

/**
 * What a mark stands for, in the operator's language, from the code and parameters core sends
 * ("Alert: Fall in room 12", "LIN-2026-00001: en route"); core's English `label` for a code it does not know.
 */
export function eventText(e: ReplayEvent): string {
  const w = e.what;
  switch (w.code) {
    case 'alert': return t('missions.replay.event.alert', { title: w.title });
    case 'mission': return t('missions.replay.event.mission', { pickup: w.pickup, dropoff: w.dropoff, event: tDynamic(`missions.replay.lastEvent.${w.event}`, w.event.replaceAll('_', ' ')) });
    case 'incidentOpened': return t('missions.replay.event.incidentOpened', { number: w.number });
    // An incident's status has the same words everywhere (the incidents area's).
    case 'incidentStatus': return t('missions.replay.event.incidentStatus', { number: w.number, status: tDynamic(`incidents.status.${w.status}`, w.status.replaceAll('_', ' ')) });
    case 'connection': return t('missions.replay.event.connection', { vehicle: w.vehicle, state: tDynamic(`missions.replay.connection.${w.state}`, w.state.toLowerCase()) });
    case 'audit': return t('missions.replay.event.audit', { actor: w.actor ?? t('missions.actor.system'), action: w.action });
    default: return e.label;
  }
}
