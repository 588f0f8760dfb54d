import type { CommandStatus, CommandView, ServiceCommand } from '../../../core/contract/index.js';
import { num, t } from '../../i18n/i18n.svelte.js';

export const STATUS_TONE: Record<CommandStatus, 'ok' | 'bad' | 'wait'> = {
  awaiting_confirmation: 'wait', sent: 'wait', acknowledged: 'wait', finished: 'ok', failed: 'bad', timed_out: 'bad', expired: 'bad',
};

/** A command's name in the operator's language ("Pause", "Pauzeren"). */
export const commandLabel = (c: ServiceCommand): string => t(`fleet.commands.labels.${c}`);

/** "finished in 412 ms", "acknowledged", "timed out". */
export const commandStatusText = (c: Pick<CommandView, 'status' | 'roundTripMs'>): string =>
  c.roundTripMs !== null && (c.status === 'finished' || c.status === 'failed')
    ? t('fleet.commands.statusIn', { status: t(`fleet.commands.statuses.${c.status}`), ms: num(c.roundTripMs) })
    : t(`fleet.commands.statuses.${c.status}`);

/** 4.2 → "4.2 s", 75 → "1 min 15 s", 7300 → "2 h 1 min". */
export function durationText(s: number): string {
  if (s < 60) return t('fleet.duration.s', { n: num(Math.round(s * 10) / 10, { maximumFractionDigits: 1 }) });
  const m = Math.floor(s / 60);
  if (m < 60) return t('fleet.duration.min', { m: num(m), s: num(Math.round(s - m * 60)) });
  return t('fleet.duration.h', { h: num(Math.floor(m / 60)), m: num(m % 60) });
}
