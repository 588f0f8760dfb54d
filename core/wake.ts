/**
 * Resolves when `arm`'s callback is called or `signal` aborts, whichever comes first, and leaves
 * nothing behind once it has. Racing each wait against one promise that settles on abort instead
 * would keep a reaction, and with it each race's result, on that promise for as long as it is
 * pending: memory that grows with every wait of a long-lived stream.
 */
export function wakeOrAbort(signal: AbortSignal | undefined, arm: (wake: () => void) => void): Promise<void> {
  return new Promise<void>((resolve) => {
    if (signal?.aborted) return resolve();
    const wake = () => {
      signal?.removeEventListener('abort', wake);
      resolve();
    };
    signal?.addEventListener('abort', wake, { once: true });
    arm(wake);
  });
}
