import { TRPCClientError } from '@trpc/client';
import type { Reason } from '../../core/contract/errors/index.js';
import { t, tDynamic } from '../i18n/i18n.svelte.js';

/**
 * A sentence to show for a failed call. Core sends a refusal's code and parameters beside its
 * English words: the code is worded in the operator's language ("field: words" when it is about
 * a field, as the form splits it); what has no code shows as core worded it.
 */
export function errorText(err: unknown): string {
  const message = (err instanceof Error ? err.message : String(err)) || t('common.failed');
  const reason = err instanceof TRPCClientError ? ((err.data as { reason?: Reason } | undefined)?.reason ?? null) : null;
  if (!reason) return message;
  const words = tDynamic(`errors.${reason.code}`, message, reason.params);
  return words === message || !reason.field ? words : `${reason.field}: ${words}`;
}

export function errorCode(err: unknown): string | null {
  return err instanceof TRPCClientError ? ((err.data as { code?: string } | undefined)?.code ?? null) : null;
}
