import { BROWSER_CALL_MAX_BYTES } from '../../core/contract/index.js';
import { num, t } from '../i18n/i18n.svelte.js';

/** The room tRPC's envelope and a message id take beside the input. */
const ENVELOPE = 256;
const mib = (bytes: number) => num(bytes / (1 << 20), { minimumFractionDigits: 1, maximumFractionDigits: 1 });

/**
 * The refusal, as a sentence, for a call larger than the console's WebSocket takes, or null.
 * Sent anyway, the host would close the socket (code 1009) and the call would never answer.
 */
export function tooLarge(op: { id: number; type: string; path: string; input: unknown }, max = BROWSER_CALL_MAX_BYTES): string | null {
  if (op.type === 'subscription') return null;
  const text = JSON.stringify({ id: op.id, method: op.type, params: { input: op.input, path: op.path } }) ?? '';
  // A UTF-16 unit is at most 3 bytes of UTF-8: most calls are told apart without encoding them.
  if (text.length * 3 + ENVELOPE <= max) return null;
  const bytes = new TextEncoder().encode(text).length + ENVELOPE;
  return bytes <= max ? null : t('shell.link.tooLarge', { size: mib(bytes), max: mib(max) });
}
