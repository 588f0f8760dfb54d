import type { Db } from '../../db/index.js';
import { SIM_MANUFACTURER } from '../simulator/index.js';

/**
 * In demo mode the built-in simulator's vehicles (sim-01 …) are the site's own fleet:
 * registered as confirmed, so a demo can dispatch at once. Any other vehicle that
 * appears still waits for someone with fleet:manage.
 */
export async function confirmDemoFleet(db: Db, vehicles: number): Promise<void> {
  for (let i = 1; i <= vehicles; i++) {
    const serial = `sim-${String(i).padStart(2, '0')}`;
    await db.query(
      `INSERT INTO fleet.vehicles (manufacturer, serial_number, name, confirmed_at) VALUES ($1, $2, $2, now())
       ON CONFLICT (manufacturer, serial_number) WHERE deleted_at IS NULL DO UPDATE SET confirmed_at = COALESCE(fleet.vehicles.confirmed_at, EXCLUDED.confirmed_at)`,
      [SIM_MANUFACTURER, serial]);
  }
}
