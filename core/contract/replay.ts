// After-action replay: what was true at one moment, and what happened over a span.
import { z } from 'zod';

/** The kinds of marks on the time bar; each can be hidden. */
export const ReplayEventKind = z.enum(['alert', 'status', 'command', 'audit']);
export type ReplayEventKind = z.infer<typeof ReplayEventKind>;
export const REPLAY_EVENT_KINDS = ReplayEventKind.options;

/** The longest span the time bar covers at once. */
export const REPLAY_MAX_SPAN_MS = 7 * 24 * 3600_000;

export const ReplayStateInput = z.object({
  siteId: z.string().uuid(),
  at: z.string().datetime(),
  /** How much track to draw behind each vehicle (ms); its points are thinned to fit. */
  trailMs: z.number().int().min(0).max(3600_000).default(300_000),
});

export const ReplayEventsInput = z.object({
  siteId: z.string().uuid(),
  from: z.string().datetime(),
  to: z.string().datetime(),
  kinds: z.array(ReplayEventKind).optional(),
  limit: z.number().int().min(1).max(5000).default(2000),
});

export interface ReplayVehicle {
  id: string;
  name: string;
  /** Derived from the stored telemetry and connection changes at that moment. */
  status: 'idle' | 'driving' | 'error' | 'offline';
  lat: number | null;
  lon: number | null;
  heading: number | null;
  speed: number | null;
  battery: number | null;
  /** When the stored position was reported (at or before the moment). */
  reportedAt: string | null;
  /** The track behind it, oldest first: [lon, lat]. */
  track: [number, number][];
}

export interface ReplayMission {
  id: string;
  status: 'pending' | 'assigned' | 'in_progress' | 'completed' | 'cancelled' | 'failed';
  vehicleId: string | null;
  priority: string;
  pickup: { nodeId: string; name: string | null; lat: number; lon: number };
  dropoff: { nodeId: string; name: string | null; lat: number; lon: number };
  /** [lon, lat] from the pick-up to the drop-off along the site's paths. */
  path: [number, number][];
  /** The last event at or before the moment. */
  lastEvent: string;
}

export interface ReplayAlert {
  id: string;
  title: string;
  severity: number;
  status: 'new' | 'acknowledged' | 'converted' | 'dismissed' | 'auto_resolved';
  lat: number | null;
  lon: number | null;
  receivedAt: string;
}

export interface ReplayIncident {
  id: string;
  number: string;
  title: string;
  priority: number;
  status: string;
  lat: number | null;
  lon: number | null;
  createdAt: string;
}

export interface ReplaySensor { id: string; name: string; kind: string; unit: string | null; value: number | null; at: string | null; lat: number | null; lon: number | null }
export interface ReplayResource { id: string; name: string; lat: number; lon: number; incidentId: string | null }
export interface ReplayAnnouncement { id: string; title: string; severity: string; areaType: string; lat: number | null; lon: number | null; radiusM: number | null; polygon: [number, number][] | null }

/** The map's content at one moment; each part is present only for users who may read it. */
export interface ReplayState {
  at: string;
  vehicles: ReplayVehicle[] | null;
  sensors: ReplaySensor[] | null;
  missions: ReplayMission[] | null;
  alerts: ReplayAlert[] | null;
  incidents: ReplayIncident[] | null;
  resources: ReplayResource[] | null;
  announcements: ReplayAnnouncement[] | null;
}

/**
 * What a mark on the time bar stands for, as a code and its parameters: the renderer words it in
 * the operator's language (`label` is the same in English, for the API and the CLI).
 */
export type ReplayWhat =
  | { code: 'alert'; title: string }
  /** A transport's step (`created`, `started`, `completed`…) between two places by node id. */
  | { code: 'mission'; pickup: string; dropoff: string; event: string }
  | { code: 'incidentOpened'; number: string }
  | { code: 'incidentStatus'; number: string; status: string }
  /** A vehicle's connection as the broker reported it (ONLINE, OFFLINE, CONNECTIONBROKEN, TIMEOUT). */
  | { code: 'connection'; vehicle: string; state: string }
  /** An audit entry: who (null for the system) did which action. */
  | { code: 'audit'; actor: string | null; action: string };

export interface ReplayEvent {
  at: string;
  kind: ReplayEventKind;
  /** A short line naming what happened, in English (the API's and the CLI's; the renderer words `what`). */
  label: string;
  what: ReplayWhat;
  ref: { type: 'alert' | 'incident' | 'mission' | 'vehicle' | 'audit'; id: string } | null;
}
