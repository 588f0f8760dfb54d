import type { Bus } from '../bus.js';
import { wakeOrAbort } from '../wake.js';

/**
 * For a view that reads again when something it shows changed: `{ ids: [] }` at once, then the
 * ids of the committed changes of `kinds` since the last message, or `{ ids: null }` (read
 * everything) after changes were missed for good. Changes that come while the subscriber is
 * busy are merged into its next message. `sites`: a user limited to these hears of no other
 * site's changes.
 */
export async function* changesOf(
  bus: Bus, kinds: readonly string[], signal?: AbortSignal, sites?: ReadonlySet<string> | null,
): AsyncGenerator<{ ids: string[] | null }> {
  let ids: Set<string> | null = new Set();
  let dirty = false;
  let wake: (() => void) | null = null;
  const mark = (id: string | null) => {
    if (id !== null) ids?.add(id);
    dirty = true;
    wake?.();
  };
  const offChange = bus.on('change', (c) => kinds.includes(c.kind) && (!sites || c.siteId === null || sites.has(c.siteId)) && mark(c.id));
  const offReset = bus.on('changes.reset', () => ((ids = null), mark(null)));
  try {
    yield { ids: [] };
    while (!signal?.aborted) {
      if (!dirty) await wakeOrAbort(signal, (w) => (wake = w));
      wake = null;
      if (!dirty) continue;
      const changed: string[] | null = ids ? [...ids] : null;
      ids = new Set();
      dirty = false;
      yield { ids: changed };
    }
  } finally {
    offChange();
    offReset();
  }
}
