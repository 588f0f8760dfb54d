import type { MissionView, Place } from '../../core/contract/index.js';
import { t } from '../i18n/i18n.svelte.js';

// What a vehicle is doing, in the words of the site (a transport for a resident, a place by its
// name), not the VDA 5050 order and node ids it reports; those stay in the panel's Identifiers.

/** The place a node is, by name; null when the node is no place (a point along a path). */
export const placeName = (nodeId: string | null, places: readonly Pick<Place, 'nodeId' | 'name'>[]): string | null =>
  nodeId === null ? null : (places.find((p) => p.nodeId === nodeId)?.name ?? null);

/** "Transport for Ann de Vries: Main House → Rehab Centre", or what kind of order it runs without one. */
export function orderWords(
  vehicleId: string,
  orderId: string | null,
  missions: readonly Pick<MissionView, 'vehicleId' | 'status' | 'resident' | 'pickup' | 'dropoff'>[],
): string {
  const m = missions.find((x) => x.vehicleId === vehicleId && (x.status === 'assigned' || x.status === 'in_progress'));
  if (m) return t('fleet.doing.transport', { resident: m.resident, pickup: m.pickup, dropoff: m.dropoff });
  return orderId ? t('fleet.doing.otherOrder') : t('fleet.doing.noOrder');
}
