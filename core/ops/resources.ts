// Resources: personnel, equipment and vehicles. Fleet vehicles are resources too; their
// position and whether they can serve come from the fleet, their assignment from here.
import type { Queryable } from '../../db/index.js';
import type { ResourceView } from '../contract/index.js';

/**
 * Brings every fleet vehicle in as a resource (or updates it): position, name, and
 * maintenance while in maintenance, out_of_service while offline, in error or decommissioned — unless it is on an incident, which only
 * the incident changes. Returns the ids that changed.
 */
export async function syncVehicleResources(db: Queryable): Promise<string[]> {
  const rows = await db.query<{ id: string }>(
    `INSERT INTO ops.resources (site_id, type, subtype, name, identifier, vehicle_id, lat, lon, located_at, capabilities, status)
     SELECT v.site_id, 'vehicle', 'wheelchair_robot', v.name, 'AGV-' || v.serial_number, v.id, v.lat, v.lon, v.last_heartbeat,
            '{transport,wheelchair}', CASE WHEN v.service_state = 'maintenance' THEN 'maintenance'
              WHEN v.status IN ('offline', 'error') OR v.service_state = 'decommissioned' THEN 'out_of_service' ELSE 'available' END
     FROM fleet.vehicles v WHERE v.site_id IS NOT NULL AND v.deleted_at IS NULL AND (v.lat IS NULL) = (v.lon IS NULL)
     ON CONFLICT (vehicle_id) WHERE deleted_at IS NULL AND vehicle_id IS NOT NULL DO UPDATE SET
       name = EXCLUDED.name, lat = EXCLUDED.lat, lon = EXCLUDED.lon, located_at = EXCLUDED.located_at,
       status = CASE WHEN ops.resources.status IN ('assigned', 'en_route', 'on_scene') THEN ops.resources.status ELSE EXCLUDED.status END
     WHERE (ops.resources.lat, ops.resources.lon, ops.resources.name, ops.resources.status) IS DISTINCT FROM
           (EXCLUDED.lat, EXCLUDED.lon, EXCLUDED.name,
            CASE WHEN ops.resources.status IN ('assigned', 'en_route', 'on_scene') THEN ops.resources.status ELSE EXCLUDED.status END)
     RETURNING id`,
  );
  return rows.map((r) => r.id);
}

export const RESOURCE_SELECT = `
  SELECT r.*, a.name AS agency, u.name AS unit, ir.incident_id
  FROM ops.resources r
  LEFT JOIN ops.agencies a ON a.id = r.agency_id
  LEFT JOIN ops.units u ON u.id = r.unit_id
  LEFT JOIN ops.incident_resources ir ON ir.resource_id = r.id AND ir.released_at IS NULL`;

export interface ResourceRow {
  id: string; site_id: string; name: string; identifier: string; type: ResourceView['type']; subtype: string | null; status: ResourceView['status'];
  agency: string | null; unit: string | null; lat: number | null; lon: number | null; capabilities: string[]; vehicle_id: string | null; incident_id: string | null;
}

export const resourceView = (r: ResourceRow): ResourceView => ({
  id: r.id, name: r.name, identifier: r.identifier, type: r.type, subtype: r.subtype, status: r.status, agency: r.agency, unit: r.unit,
  lat: r.lat, lon: r.lon, capabilities: r.capabilities, vehicleId: r.vehicle_id, incidentId: r.incident_id,
});

export async function listResources(db: Queryable, sites: string[] | null = null): Promise<ResourceView[]> {
  const rows = await db.query<ResourceRow>(
    `${RESOURCE_SELECT} WHERE r.deleted_at IS NULL AND ($1::uuid[] IS NULL OR r.site_id = ANY($1)) ORDER BY r.type, r.name`, [sites]);
  return rows.map(resourceView);
}
