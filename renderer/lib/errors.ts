import { TRPCClientError } from '@trpc/client';

/**
 * A sentence to show for a failed call. Input validation errors arrive as
 * zod's JSON list of issues; people should read the issue, not the JSON.
 */
export function errorText(err: unknown): string {
  const raw = err instanceof Error ? err.message : String(err);
  if (raw.startsWith('[')) {
    try {
      const issues = JSON.parse(raw) as { message?: string; path?: (string | number)[] }[];
      return issues.map((i) => (i.path?.length ? `${i.path.join('.')}: ${i.message}` : i.message)).join(' ');
    } catch {
      // Not JSON after all: show it as it came.
    }
  }
  return raw || 'Something went wrong.';
}

export function errorCode(err: unknown): string | null {
  return err instanceof TRPCClientError ? ((err.data as { code?: string } | undefined)?.code ?? null) : null;
}
