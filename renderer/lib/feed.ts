/**
 * Applies one message of a live feed to what is held by id: a snapshot replaces
 * everything, a delta carries only the items that changed (whole objects).
 * Returns a new map, so a `$state.raw` holding it notices.
 */
export function applyFeed<T extends { id: string }>(current: Map<string, T>, kind: 'snapshot' | 'delta', items: T[]): Map<string, T> {
  const next = kind === 'snapshot' ? new Map<string, T>() : new Map(current);
  for (const item of items) next.set(item.id, item);
  return next;
}
