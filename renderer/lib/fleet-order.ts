import type { VehicleLive } from '../../core/contract/index.js';
import { lastSeen, type SortKey } from './fleet-format.js';

/** What a vehicle is sorted by (and the name, the tie-breaker): equal keys keep its place. */
export function sortKeyOf(v: VehicleLive, key: SortKey): string {
  const by = key === 'status' ? v.status : key === 'battery' ? String(v.battery) : key === 'seen' ? String(lastSeen(v)) : '';
  return `${by}\u0000${v.name}`;
}

/**
 * Whether a delta can move a vehicle in the sorted list: one that is new, or whose
 * sort key changed. Most messages only move vehicles on the map, and the list keeps
 * its order (and its rows) without sorting again.
 */
export function orderChanged(before: ReadonlyMap<string, VehicleLive>, changed: readonly VehicleLive[], key: SortKey): boolean {
  for (const v of changed) {
    const was = before.get(v.id);
    if (!was || sortKeyOf(was, key) !== sortKeyOf(v, key)) return true;
  }
  return false;
}

/** The rows a scrolled list of fixed-height rows shows, with a few either side so fast scrolling shows no gap. */
export function visibleRange(scrollTop: number, height: number, rowHeight: number, count: number, spare = 5): { start: number; end: number } {
  const start = Math.max(0, Math.floor(scrollTop / rowHeight) - spare);
  const end = Math.min(count, Math.ceil((scrollTop + height) / rowHeight) + spare);
  return { start, end: Math.max(start, end) };
}
