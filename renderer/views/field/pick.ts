import type { VehicleLive } from '../../../core/contract/index.js';

/**
 * The vehicle the field view opens by itself: the one named at start ("manufacturer/serial"
 * or the serial alone), else the only one on the broker; null when that is not clear.
 */
export function pickVehicle(list: readonly VehicleLive[], wanted: string | null): string | null {
  if (wanted) {
    const hit = list.find((v) => `${v.manufacturer}/${v.serialNumber}` === wanted || v.serialNumber === wanted);
    return hit?.id ?? null;
  }
  return list.length === 1 ? list[0]!.id : null;
}
