import { z } from 'zod';
import { coded, own, type Reason } from './errors/index.js';
import { VdaReferenceView } from './fleet.js';

/** The instant actions a person may send one vehicle from its panel or the field view. */
export const SERVICE_COMMANDS = ['startPause', 'stopPause', 'cancelOrder', 'stateRequest', 'factsheetRequest', 'logReport', 'initPosition'] as const;
export const ServiceCommand = z.enum(SERVICE_COMMANDS);
export type ServiceCommand = z.infer<typeof ServiceCommand>;

/** Commands that would stop or undo a running transport. */
export const DISTURBING: readonly ServiceCommand[] = ['startPause', 'cancelOrder', 'initPosition'];

/** How long a command under the two-person rule waits for its second person. */
export const SECOND_PERSON_MS = 120_000;

export const CommandStatus = z.enum(['awaiting_confirmation', 'sent', 'acknowledged', 'finished', 'failed', 'timed_out', 'expired']);
export type CommandStatus = z.infer<typeof CommandStatus>;
export const OPEN_STATUSES: readonly CommandStatus[] = ['awaiting_confirmation', 'sent', 'acknowledged'];

export const PositionInput = z.object({
  x: z.number().finite().min(-1e6).max(1e6),
  y: z.number().finite().min(-1e6).max(1e6),
  /** Radians, as VDA 5050 says theta. */
  theta: z.number().finite().min(-Math.PI * 2).max(Math.PI * 2),
  mapId: z.string().trim().min(1).max(200),
  lastNodeId: z.string().trim().max(200).optional(),
});
export type PositionInput = z.infer<typeof PositionInput>;

export const CommandInput = z.object({
  vehicleId: z.string().uuid(),
  actionType: ServiceCommand,
  reason: z.string().trim().min(3, own('input.reasonWords')).max(500),
  /** initPosition only: where the vehicle stands. */
  position: PositionInput.optional(),
  /** The person saw which transport the command disturbs and sends it anyway. */
  confirmDisturb: z.boolean().default(false),
  /** How long to wait for the vehicle to report the action ended. */
  timeoutSeconds: z.number().int().min(1).max(300).default(15),
}).refine((c) => (c.actionType === 'initPosition') === (c.position !== undefined), { path: ['position'], ...coded('field.initPositionPoint') });
export type CommandInput = z.input<typeof CommandInput>;

export const CommandView = z.object({
  id: z.string().uuid(),
  vehicleId: z.string().uuid(),
  actionType: ServiceCommand,
  actionId: z.string(),
  parameters: z.array(z.object({ key: z.string(), value: z.union([z.string(), z.number(), z.boolean()]) })),
  reason: z.string(),
  status: CommandStatus,
  detail: z.string().nullable(),
  missionId: z.string().nullable(),
  requestedBy: z.string(),
  confirmedBy: z.string().nullable(),
  requestedAt: z.string(),
  expiresAt: z.string().nullable(),
  sentAt: z.string().nullable(),
  acknowledgedAt: z.string().nullable(),
  endedAt: z.string().nullable(),
  /** From sending to the vehicle reporting the end, in milliseconds. */
  roundTripMs: z.number().nullable(),
});
export type CommandView = z.infer<typeof CommandView>;

/** An error or information entry from first report to the first state without it. */
export const EpisodeView = z.object({
  id: z.string().uuid(),
  kind: z.enum(['error', 'information']),
  type: z.string(),
  level: z.enum(['WARNING', 'FATAL', 'INFO', 'DEBUG']),
  description: z.string().nullable(),
  references: z.array(VdaReferenceView),
  firstSeen: z.string(),
  lastSeen: z.string(),
  endedAt: z.string().nullable(),
  durationS: z.number(),
});
export type EpisodeView = z.infer<typeof EpisodeView>;

export const ErrorFrequency = z.object({ type: z.string(), level: z.string(), episodes: z.number(), totalS: z.number(), lastSeen: z.string() });
export type ErrorFrequency = z.infer<typeof ErrorFrequency>;

/** The live VDA 5050 state a service engineer reads, beyond what the map shows. */
export const ServiceState = z.object({
  receivedAt: z.string(),
  eStop: z.string().nullable(),
  fieldViolation: z.boolean().nullable(),
  /** An e-stop was reported since the vehicle last resumed: resuming needs a second person. */
  eStopSinceResume: z.boolean(),
  positionInitialized: z.boolean().nullable(),
  /** Where the vehicle says it is in its own map frame (shown on the field view's plan without any georeference). */
  position: z.object({ x: z.number(), y: z.number(), theta: z.number(), mapId: z.string() }).nullable(),
  orderId: z.string(),
  orderUpdateId: z.number(),
  lastNodeId: z.string(),
  nodeStates: z.array(z.object({ nodeId: z.string(), sequenceId: z.number(), released: z.boolean().nullable() })),
  edgeStates: z.array(z.object({ edgeId: z.string(), sequenceId: z.number(), released: z.boolean().nullable() })),
  actionStates: z.array(z.object({ actionId: z.string(), actionType: z.string().nullable(), actionStatus: z.string(), resultDescription: z.string().nullable() })),
});
export type ServiceState = z.infer<typeof ServiceState>;

export const VehicleServiceView = z.object({
  state: ServiceState.nullable(),
  /** Commands the factsheet lets this vehicle take (all of them when it sent none). */
  offered: z.array(ServiceCommand),
  /** Commands that need a second person right now, with why. */
  secondPerson: z.array(z.object({ actionType: ServiceCommand, why: z.string() })),
  /** The transport a disturbing command would disturb. */
  transport: z.object({ missionId: z.string(), resident: z.string(), status: z.string() }).nullable(),
  commands: z.array(CommandView),
  episodes: z.array(EpisodeView),
});
export type VehicleServiceView = z.infer<typeof VehicleServiceView>;

export const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;
export const PHOTO_MAX_BYTES = 5 * 1024 * 1024;

/** A photo from the laptop's disk, as base64. */
export const PhotoInput = z.object({
  fileName: z.string().trim().min(1).max(255),
  mimeType: z.enum(PHOTO_TYPES, { message: own('input.photoType') }),
  dataBase64: z.string().min(4).max(Math.ceil(PHOTO_MAX_BYTES / 3) * 4, own('input.photoMax')),
});

export const VehicleLogInput = z.object({
  vehicleId: z.string().uuid(),
  workDone: z.string().trim().min(3, own('input.workDone')).max(2000),
  parts: z.array(z.object({ name: z.string().trim().min(1).max(200), quantity: z.number().int().min(1).max(10_000) })).max(50).default([]),
  notes: z.string().trim().max(5000).optional(),
  ticketId: z.string().uuid().optional(),
  photos: z.array(PhotoInput).max(10).default([]),
});
export type VehicleLogInput = z.input<typeof VehicleLogInput>;

export const VehicleLogView = z.object({
  id: z.string().uuid(),
  workDone: z.string(),
  parts: z.array(z.object({ name: z.string(), quantity: z.number() })),
  notes: z.string().nullable(),
  ticket: z.object({ id: z.string(), subject: z.string(), status: z.string() }).nullable(),
  author: z.string(),
  loggedAt: z.string(),
  photos: z.array(z.object({ id: z.string(), fileName: z.string(), mimeType: z.string(), bytes: z.number() })),
});
export type VehicleLogView = z.infer<typeof VehicleLogView>;

export const VehicleLogs = z.object({
  logs: z.array(VehicleLogView),
  /** Tickets about this vehicle that a log entry can answer. */
  tickets: z.array(z.object({ id: z.string(), subject: z.string(), status: z.string() })),
});
export type VehicleLogs = z.infer<typeof VehicleLogs>;

/** Where a robot's map frame lies on the globe, asked of the technician when no site knows it. */
export const LocalSiteInput = z.object({
  mapId: z.string().trim().min(1).max(200),
  name: z.string().trim().min(1).max(200).optional(),
  originLat: z.number().min(-90).max(90),
  originLon: z.number().min(-180).max(180),
  rotationDeg: z.number().gt(-360).lt(360).default(0),
  timeZone: z.string().min(1).max(64).default('UTC'),
});
export type LocalSiteInput = z.input<typeof LocalSiteInput>;

export const FieldMode = z.object({
  /** Started with --field: the console opens the field view. */
  field: z.boolean(),
  /** The vehicle to open (manufacturer/serialNumber or serialNumber), when given. */
  vehicle: z.string().nullable(),
});
export type FieldMode = z.infer<typeof FieldMode>;

/** What a push of the field laptop's work brought to the central database. */
export interface SyncReportView {
  source: string;
  pushed: { auditEntries: number; tickets: number; logs: number; commands: number };
  unchanged: number;
  /** `why`: the conflict's code and parameters (a central console of an older version sends only its English words, `what`). */
  conflicts: Array<{ kind: 'ticket'; id: string; subject: string; what: string; why?: Pick<Reason, 'code' | 'params'> }>;
  tip: { seq: number; hash: string };
}

/** What a download of tickets to this laptop did (core/field/download.ts). */
export interface DownloadReportView { added: number; refreshed: number; keptLaptop: string[] }

/** The central console a laptop signs in to: its printed URL (with its token), the technician's password there, a one-time code if asked. */
export interface CentralSignInView { centralUrl: string; password: string; totp?: string }
