import type { VehicleLive } from '../contract/index.js';

export interface VehicleRow {
  id: string; manufacturer: string; serial_number: string; name: string; confirmed_at: Date | null; status: VehicleLive['status'];
  connection: VehicleLive['connection']; map_id: string | null; x: number | null; y: number | null; lat: number | null; lon: number | null;
  heading: number | null; speed: number | null; battery: number | null; charging: boolean | null; driving: boolean | null;
  paused: boolean | null; operating_mode: string | null; order_id: string | null; last_node_id: string | null;
  errors: VehicleLive['errors']; information: VehicleLive['information'] | null; loads: VehicleLive['loads']; last_heartbeat: Date | null;
}

export const VEHICLE_COLUMNS = `id, manufacturer, serial_number, name, confirmed_at, status, connection, map_id, x, y, lat, lon, heading,
  speed, battery, charging, driving, paused, operating_mode, order_id, last_node_id, errors, information, loads, last_heartbeat`;

export function vehicleFromRow(r: VehicleRow): VehicleLive {
  return {
    id: r.id, name: r.name, manufacturer: r.manufacturer, serialNumber: r.serial_number, isNew: r.confirmed_at === null,
    status: r.status, connection: r.connection, mapId: r.map_id, x: r.x, y: r.y, lat: r.lat, lon: r.lon, heading: r.heading,
    speed: r.speed, battery: r.battery, charging: r.charging ?? false, paused: r.paused ?? false, driving: r.driving ?? false,
    operatingMode: r.operating_mode, orderId: r.order_id, lastNodeId: r.last_node_id, errors: r.errors.map((e) => ({ ...e, references: e.references ?? [] })), information: r.information ?? [], loads: r.loads,
    lastHeartbeat: r.last_heartbeat?.toISOString() ?? null, reportedAt: null,
  };
}
