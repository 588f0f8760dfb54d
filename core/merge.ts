/**
 * Yields the values of several streams as each arrives, asking a stream for its next value only once
 * the one before has been taken, and ends when any of them ends. Ending it calls `stop` (which should
 * make the streams end: a stream's return waits for its pending `next()`), then returns them all.
 *
 * Each stream's pending `next()` gets exactly one reaction. Racing the pending calls afresh after
 * every value instead would add a reaction, holding that value, to a quiet stream's pending call
 * each time: memory that grows with every value of a busy stream until the quiet one speaks.
 */
export async function* merge<T>(streams: AsyncGenerator<T>[], stop: () => void = () => {}): AsyncGenerator<T> {
  type Arrival = { i: number; r: IteratorResult<T> } | { error: unknown };
  const arrived: Arrival[] = [];
  let wake: (() => void) | null = null;
  const pull = (i: number) => {
    streams[i]!.next().then(
      (r) => arrived.push({ i, r }),
      (error: unknown) => arrived.push({ error }),
    ).then(() => wake?.());
  };
  streams.forEach((_, i) => pull(i));
  try {
    for (;;) {
      const a = arrived.shift();
      if (!a) {
        await new Promise<void>((ok) => (wake = ok));
        wake = null;
        continue;
      }
      if ('error' in a) throw a.error;
      if (a.r.done) return;
      yield a.r.value;
      pull(a.i);
    }
  } finally {
    stop();
    await Promise.all(streams.map((s) => s.return(undefined)));
  }
}
