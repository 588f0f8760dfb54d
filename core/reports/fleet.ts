// The fleet: time driving, distance, battery and errors per vehicle over the range.
import type { z } from 'zod';
import type { Queryable } from '../../db/index.js';
import type { FleetReportInput, Report } from '../contract/index.js';
import { telemetryRows } from '../fleet/resolution.js';
import { num, reportHead, type SiteRange } from './range.js';
import { reportWords } from './words.js';

/** Below this charge a minute counts as low battery. */
export const LOW_BATTERY = 20;

/**
 * Telemetry in whole minutes per vehicle (read from the per-minute aggregates where they are
 * complete, finer levels after): a minute reported counts as online, one with any
 * driving as driving; distance is the minute's mean speed times 60 s. Errors are the
 * vehicle's error episodes (fleet.vehicle_diagnostics) that began in the range.
 */
export async function fleetReport(db: Queryable, r: SiteRange, input: z.infer<typeof FleetReportInput>): Promise<Report> {
  const params: unknown[] = [r.siteId, r.start.toISOString(), r.end.toISOString()];
  const only = input.vehicleId ? ` AND v.id = $${params.push(input.vehicleId)}` : '';
  const rows = await db.query<Record<string, unknown>>(
    `SELECT v.name, t.minutes, t.driving, t.distance_m, t.battery_min, t.battery_avg, t.low,
       (SELECT count(*) FROM fleet.missions m WHERE m.vehicle_id = v.id AND m.status = 'completed' AND m.completed_at >= $2 AND m.completed_at < $3) AS transports,
       (SELECT count(*) FROM fleet.vehicle_diagnostics d WHERE d.vehicle_id = v.id AND d.kind = 'error' AND d.first_seen >= $2 AND d.first_seen < $3) AS errors
     FROM fleet.vehicles v
     LEFT JOIN LATERAL (
       SELECT count(*) AS minutes, count(*) FILTER (WHERE driving) AS driving, sum(speed) * 60 AS distance_m, min(bmin) AS battery_min, avg(bavg) AS battery_avg,
              count(*) FILTER (WHERE bmin < ${LOW_BATTERY}) AS low
       FROM (SELECT date_trunc('minute', ts) AS m, bool_or(coalesce(driving, false)) AS driving, coalesce(sum(speed_sum), 0) / sum(n) AS speed,
               min(battery_min) AS bmin, sum(battery_sum) / nullif(sum(battery_n), 0) AS bavg
             FROM (${telemetryRows('1m', 'v.id', '$2::timestamptz', '$3::timestamptz')}) r GROUP BY 1) b
     ) t ON true
     WHERE (v.site_id = $1 OR v.site_id IS NULL) AND v.deleted_at IS NULL${only}
     ORDER BY v.name`, params);
  const errors = await db.query<{ code: string; level: string; n: string; vehicles: string; minutes: number | null }>(
    `SELECT d.entry_type AS code, d.level, count(*) AS n, count(DISTINCT d.vehicle_id) AS vehicles,
       round((sum(extract(epoch FROM coalesce(d.ended_at, d.last_seen) - d.first_seen)) / 60)::numeric, 1)::float8 AS minutes
     FROM fleet.vehicle_diagnostics d JOIN fleet.vehicles v ON v.id = d.vehicle_id
     WHERE (v.site_id = $1 OR v.site_id IS NULL) AND d.kind = 'error' AND d.first_seen >= $2 AND d.first_seen < $3${only}
     GROUP BY 1, 2 ORDER BY 3 DESC, 1`,
    params);
  const vehicles = rows.map((x) => {
    const minutes = num(x.minutes) ?? 0;
    return {
      vehicle: x.name as string,
      online_h: Math.round((minutes / 60) * 100) / 100,
      driving_pct: minutes ? Math.round((1000 * num(x.driving)!) / minutes) / 10 : null,
      distance_km: x.distance_m === null ? 0 : Math.round(num(x.distance_m)!) / 1000,
      transports: num(x.transports),
      battery_min: x.battery_min === null ? null : Math.round(num(x.battery_min)!),
      battery_avg: x.battery_avg === null ? null : Math.round(num(x.battery_avg)! * 10) / 10,
      low_battery_min: num(x.low) ?? 0,
      errors: num(x.errors),
    };
  });
  const w = reportWords(input.lang);
  const vehicle = w('fleet.vehicle');
  return {
    ...reportHead(r, 'fleet', w),
    tables: [
      {
        id: 'vehicles', title: w('fleet.vehicles'),
        columns: [
          { key: 'vehicle', label: vehicle }, { key: 'online_h', label: w('fleet.reporting') }, { key: 'driving_pct', label: w('fleet.driving') },
          { key: 'distance_km', label: w('fleet.distance') }, { key: 'transports', label: w('fleet.transports') }, { key: 'battery_min', label: w('fleet.batteryMin') },
          { key: 'battery_avg', label: w('fleet.batteryMean') }, { key: 'low_battery_min', label: w('fleet.lowBattery', { pct: LOW_BATTERY }) }, { key: 'errors', label: w('fleet.errors') },
        ],
        rows: vehicles,
      },
      {
        id: 'errors', title: w('fleet.errorsByCode'),
        columns: [
          { key: 'code', label: w('fleet.error') }, { key: 'level', label: w('fleet.level') }, { key: 'count', label: w('fleet.times') },
          { key: 'vehicles', label: w('fleet.vehicles') }, { key: 'minutes', label: w('fleet.minutes') },
        ],
        rows: errors.map((e) => ({ code: e.code, level: e.level, count: Number(e.n), vehicles: Number(e.vehicles), minutes: e.minutes })),
      },
    ],
    charts: [
      { title: w('fleet.drivingChart'), kind: 'bar', xLabel: vehicle, x: vehicles.map((v) => v.vehicle), series: [{ label: w('fleet.drivingSeries'), values: vehicles.map((v) => v.driving_pct) }] },
      { title: w('fleet.distance'), kind: 'bar', xLabel: vehicle, x: vehicles.map((v) => v.vehicle), series: [{ label: w('fleet.distanceSeries'), values: vehicles.map((v) => v.distance_km) }] },
    ],
  };
}
