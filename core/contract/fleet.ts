import { z } from 'zod';
import { coded } from './errors/index.js';
import { FactsheetView } from './factsheet.js';

export const VehicleStatus = z.enum(['idle', 'driving', 'charging', 'paused', 'error', 'offline']);
export type VehicleStatus = z.infer<typeof VehicleStatus>;

/** A VDA 5050 errorReference or infoReference: what an error or information entry is about. */
export const VdaReferenceView = z.object({ key: z.string(), value: z.string() });

export const VehicleError = z.object({
  type: z.string(),
  level: z.enum(['WARNING', 'FATAL']),
  description: z.string().nullable(),
  references: z.array(VdaReferenceView),
});
export type VehicleError = z.infer<typeof VehicleError>;

/** A VDA 5050 information entry (INFO or DEBUG) the vehicle reports in its state. */
export const VehicleInfo = z.object({
  type: z.string(),
  level: z.enum(['INFO', 'DEBUG']),
  description: z.string().nullable(),
  references: z.array(VdaReferenceView),
});
export type VehicleInfo = z.infer<typeof VehicleInfo>;

export const VehicleLoad = z.object({ id: z.string().nullable(), type: z.string().nullable(), weightKg: z.number().nullable() });
export type VehicleLoad = z.infer<typeof VehicleLoad>;

/** A vehicle taken out of service by a person: why, since when, and the ticket it answers. */
export const VehicleService = z.object({
  state: z.enum(['maintenance', 'decommissioned']),
  reason: z.string(),
  since: z.string(),
  ticketId: z.string().uuid().nullable(),
});
export type VehicleService = z.infer<typeof VehicleService>;

/** What the map and the fleet list show of one vehicle. */
export const VehicleLive = z.object({
  id: z.string().uuid(),
  name: z.string(),
  manufacturer: z.string(),
  serialNumber: z.string(),
  /** Registered automatically and not yet confirmed by an operator. */
  isNew: z.boolean(),
  status: VehicleStatus,
  connection: z.enum(['ONLINE', 'OFFLINE', 'CONNECTIONBROKEN']).nullable(),
  mapId: z.string().nullable(),
  x: z.number().nullable(),
  y: z.number().nullable(),
  lat: z.number().nullable(),
  lon: z.number().nullable(),
  /** Compass bearing in degrees, 0 = north, clockwise. */
  heading: z.number().nullable(),
  speed: z.number().nullable(),
  battery: z.number().nullable(),
  charging: z.boolean(),
  paused: z.boolean(),
  driving: z.boolean(),
  operatingMode: z.string().nullable(),
  orderId: z.string().nullable(),
  lastNodeId: z.string().nullable(),
  errors: z.array(VehicleError),
  information: z.array(VehicleInfo),
  /** What the vehicle carries (VDA 5050 loads). */
  loads: z.array(VehicleLoad),
  lastHeartbeat: z.string().nullable(),
  /** The vehicle's own timestamp of the message this view comes from. */
  reportedAt: z.string().nullable(),
  /** Out of service (in maintenance or decommissioned): never suggested nor dispatched. Absent or null: in service. */
  service: VehicleService.nullable().optional(),
});
export type VehicleLive = z.infer<typeof VehicleLive>;

/** The live stream: one snapshot, then only what changed, at most 10 per second. */
export type VehicleFeed =
  | { kind: 'snapshot'; at: string; vehicles: VehicleLive[] }
  | { kind: 'delta'; at: string; vehicles: VehicleLive[] };

export const ConnectionEvent = z.object({
  ts: z.string(),
  state: z.enum(['ONLINE', 'OFFLINE', 'CONNECTIONBROKEN', 'TIMEOUT']),
  detail: z.string().nullable(),
});
export type ConnectionEvent = z.infer<typeof ConnectionEvent>;

export const TelemetryPoint = z.object({ ts: z.string(), battery: z.number().nullable(), speed: z.number().nullable() });
export type TelemetryPoint = z.infer<typeof TelemetryPoint>;

/** Stored telemetry: every row (kept a short window), per-second and per-minute aggregates. */
export const TelemetryResolution = z.enum(['raw', '1s', '1m']);
export type TelemetryResolution = z.infer<typeof TelemetryResolution>;

export const VehicleDetail = z.object({
  vehicle: VehicleLive,
  /** The vehicle's VDA 5050 factsheet, when it has sent one. */
  factsheet: FactsheetView.nullable(),
  connections: z.array(ConnectionEvent),
  /** Battery and speed for the chart window, oldest first, averaged per bucket. */
  telemetry: z.array(TelemetryPoint),
  windowMinutes: z.number(),
  /** The stored resolution the chart was read from, and its bucket in seconds. */
  resolution: TelemetryResolution,
  bucketSeconds: z.number(),
});
export type VehicleDetail = z.infer<typeof VehicleDetail>;

export const SensorLive = z.object({
  id: z.string().uuid(),
  key: z.string(),
  name: z.string(),
  kind: z.string(),
  unit: z.string().nullable(),
  value: z.number().nullable(),
  ts: z.string().nullable(),
  lat: z.number().nullable(),
  lon: z.number().nullable(),
});
export type SensorLive = z.infer<typeof SensorLive>;

export const QuarantineEntry = z.object({
  id: z.string().uuid(),
  receivedAt: z.string(),
  topic: z.string(),
  reason: z.string(),
  payload: z.string(),
  payloadBytes: z.number(),
  truncated: z.boolean(),
  /** Refusals like this one from the same source after it, counted but not kept, and when the last came. */
  repeats: z.number(),
  lastReceivedAt: z.string().nullable(),
});
export type QuarantineEntry = z.infer<typeof QuarantineEntry>;

/** Ingest counters for the top bar. */
export const IngestStatus = z.object({
  received: z.number(),
  quarantined: z.number(),
  lastReason: z.string().nullable(),
  /** A source refused faster than the flood rate in the last minute. */
  flooding: z.object({ source: z.string(), perMinute: z.number() }).nullable(),
});
export type IngestStatus = z.infer<typeof IngestStatus>;

/** The reading a sensor publishes on watchfloor/v1/{site}/sensors/{sensorId}/reading. */
export const SensorReading = z.object({
  ts: z.string().datetime({ offset: true }),
  kind: z.string().min(1).max(64),
  value: z.number().finite(),
  unit: z.string().max(32).optional(),
  lat: z.number().min(-90).max(90).optional(),
  lon: z.number().min(-180).max(180).optional(),
  name: z.string().max(100).optional(),
}).strict().refine((r) => (r.lat === undefined) === (r.lon === undefined), coded('fleet.readingLatLon'));
export type SensorReading = z.infer<typeof SensorReading>;
