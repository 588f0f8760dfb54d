import type { CommandStatus, CommandView } from '../../../core/contract/index.js';

export const STATUS_TONE: Record<CommandStatus, 'ok' | 'bad' | 'wait'> = {
  awaiting_confirmation: 'wait', sent: 'wait', acknowledged: 'wait', finished: 'ok', failed: 'bad', timed_out: 'bad', expired: 'bad',
};

const WORDS: Record<CommandStatus, string> = {
  awaiting_confirmation: 'waiting for a second person', sent: 'sent', acknowledged: 'acknowledged', finished: 'finished',
  failed: 'failed', timed_out: 'timed out', expired: 'expired',
};

/** "finished in 412 ms", "acknowledged", "timed out". */
export const commandStatusText = (c: Pick<CommandView, 'status' | 'roundTripMs'>): string =>
  c.roundTripMs !== null && (c.status === 'finished' || c.status === 'failed') ? `${WORDS[c.status]} in ${c.roundTripMs} ms` : WORDS[c.status];

/** 4.2 → "4.2 s", 75 → "1 min 15 s", 7300 → "2 h 1 min". */
export function durationText(s: number): string {
  if (s < 60) return `${Math.round(s * 10) / 10} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${Math.round(s - m * 60)} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}
