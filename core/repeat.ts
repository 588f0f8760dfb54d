/**
 * Runs `work` every `ms` milliseconds, never two runs at once: a tick that comes while the last
 * run still waits (on a database slow to answer) is skipped, so runs do not pile up behind it,
 * each holding a transaction open. What a run throws goes to `failed`. The timer does not keep
 * the process alive. Returns what stops it.
 */
export function repeat(ms: number, work: () => Promise<unknown>, failed: (err: Error) => void): () => void {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    work()
      .catch((err: unknown) => failed(err as Error))
      .finally(() => (running = false));
  }, ms);
  timer.unref();
  return () => clearInterval(timer);
}
