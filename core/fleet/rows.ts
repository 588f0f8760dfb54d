import type { VehicleLive } from '../contract/index.js';

export interface VehicleRow {
  id: string; manufacturer: string; serial_number: string; name: string; confirmed_at: Date | null; status: VehicleLive['status'];
  connection: VehicleLive['connection']; map_id: string | null; x: number | null; y: number | null; lat: number | null; lon: number | null;
  heading: number | null; speed: number | null; battery: number | null; charging: boolean | null; driving: boolean | null;
  paused: boolean | null; operating_mode: string | null; order_id: string | null; last_node_id: string | null;
  errors: VehicleLive['errors']; information: VehicleLive['information'] | null; loads: VehicleLive['loads']; last_heartbeat: Date | null;
  service_state: 'in_service' | 'maintenance' | 'decommissioned'; service_reason: string | null; service_since: Date | null; service_ticket_id: string | null;
}

export const VEHICLE_COLUMNS = `id, manufacturer, serial_number, name, confirmed_at, status, connection, map_id, x, y, lat, lon, heading,
  speed, battery, charging, driving, paused, operating_mode, order_id, last_node_id, errors, information, loads, last_heartbeat,
  service_state, service_reason, service_since, service_ticket_id`;

export function vehicleFromRow(r: VehicleRow): VehicleLive {
  return {
    id: r.id, name: r.name, manufacturer: r.manufacturer, serialNumber: r.serial_number, isNew: r.confirmed_at === null,
    status: r.status, connection: r.connection, mapId: r.map_id, x: r.x, y: r.y, lat: r.lat, lon: r.lon, heading: r.heading,
    speed: r.speed, battery: r.battery, charging: r.charging ?? false, paused: r.paused ?? false, driving: r.driving ?? false,
    operatingMode: r.operating_mode, orderId: r.order_id, lastNodeId: r.last_node_id, errors: r.errors.map((e) => ({ ...e, references: e.references ?? [] })), information: r.information ?? [], loads: r.loads,
    lastHeartbeat: r.last_heartbeat?.toISOString() ?? null, reportedAt: null, service: serviceOf(r),
  };
}

/** The vehicle's service state as the map and dispatch read it; null while in service. */
export function serviceOf(r: Pick<VehicleRow, 'service_state' | 'service_reason' | 'service_since' | 'service_ticket_id'>): VehicleLive['service'] {
  if (r.service_state === 'in_service') return null;
  return { state: r.service_state, reason: r.service_reason ?? '', since: r.service_since?.toISOString() ?? '', ticketId: r.service_ticket_id };
}
