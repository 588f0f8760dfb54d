import { TRPCClientError } from '@trpc/client';

/** A sentence to show for a failed call (core words every error, including bad input, for people). */
export function errorText(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)) || 'Something went wrong.';
}

export function errorCode(err: unknown): string | null {
  return err instanceof TRPCClientError ? ((err.data as { code?: string } | undefined)?.code ?? null) : null;
}
