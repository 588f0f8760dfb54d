import { z } from 'zod';
import { LatLon } from './area.js';
import { IncidentStatus } from './cases.js';
import { IncidentCategory } from './input-rules.js';
import { own } from './errors/index.js';

export const Severity = z.number().int().min(1, own('input.severity')).max(5, own('input.severity'));
/** `auto_resolved`: its condition cleared and the console closed it. */
export const AlertStatus = z.enum(['new', 'acknowledged', 'converted', 'dismissed', 'auto_resolved']);
export type AlertStatus = z.infer<typeof AlertStatus>;

/**
 * What an external system publishes on `watchfloor/v1/{site}/alerts/{source}`.
 * Extra fields are allowed (and kept in the raw payload).
 */
export const AlertMessage = z.object({
  externalId: z.string().min(1).max(255),
  type: z.string().min(1).max(100),
  severity: Severity,
  title: z.string().min(1).max(255),
  description: z.string().max(10_000).optional(),
  location: LatLon.extend({ address: z.string().max(500).optional() }).optional(),
  occurredAt: z.string().datetime({ offset: true }).optional(),
  /** The source says the condition is over: its open alert with this externalId clears itself. */
  cleared: z.boolean().optional(),
}).passthrough();
export type AlertMessage = z.infer<typeof AlertMessage>;

export const AlertView = z.object({
  id: z.string().uuid(),
  source: z.string(),
  externalId: z.string(),
  type: z.string(),
  severity: z.number(),
  status: AlertStatus,
  title: z.string(),
  description: z.string().nullable(),
  lat: z.number().nullable(),
  lon: z.number().nullable(),
  address: z.string().nullable(),
  occurredAt: z.string(),
  receivedAt: z.string(),
  repeatCount: z.number(),
  /** The last time the source reported it (first arrival when it never repeated). */
  lastSeenAt: z.string(),
  /** One condition at one source (a vehicle's error type, a sensor rule): same key, same alert. */
  conditionKey: z.string().nullable(),
  resolvedAt: z.string().nullable(),
  resolveReason: z.string().nullable(),
  acknowledgedBy: z.string().nullable(),
  acknowledgedAt: z.string().nullable(),
  dismissedBy: z.string().nullable(),
  dismissReason: z.string().nullable(),
  incidentId: z.string().uuid().nullable(),
  incidentNumber: z.string().nullable(),
  escalatedAt: z.string().nullable(),
  escalatedTo: z.string().nullable(),
  vehicleId: z.string().uuid().nullable(),
  rawPayload: z.unknown(),
});
export type AlertView = z.infer<typeof AlertView>;

export const Comparison = z.enum(['gt', 'gte', 'lt', 'lte']);
export type Comparison = z.infer<typeof Comparison>;
export const compare = (c: Comparison, value: number, threshold: number): boolean =>
  c === 'gt' ? value > threshold : c === 'gte' ? value >= threshold : c === 'lt' ? value < threshold : value <= threshold;

const FOR_HOW_LONG = own('input.forHowLong');
export const AlertRuleInput = z.object({
  name: z.string().trim().min(1, own('input.ruleName')).max(200, own('input.ruleNameMax')),
  sensorKind: z.string().trim().min(1, own('input.sensorKind')).max(100, own('input.sensorKindMax')),
  comparison: Comparison,
  threshold: z.number({ message: own('input.thresholdNumber') }).finite(own('input.thresholdNumber')),
  durationS: z.number({ message: FOR_HOW_LONG }).int(FOR_HOW_LONG).min(0, FOR_HOW_LONG).max(86_400, FOR_HOW_LONG),
  severity: Severity,
  enabled: z.boolean().default(true),
});
export const AlertRule = AlertRuleInput.extend({ id: z.string().uuid(), siteId: z.string().uuid() });
export type AlertRule = z.infer<typeof AlertRule>;

export const ResourceStatus = z.enum(['available', 'assigned', 'en_route', 'on_scene', 'off_duty', 'maintenance', 'out_of_service']);
export type ResourceStatus = z.infer<typeof ResourceStatus>;
export const ResourceType = z.enum(['personnel', 'vehicle', 'equipment']);

/** A resource on an incident follows it: assigned, en route, on scene; afterwards it is free again. */
export function resourceStatusFor(s: IncidentStatus): ResourceStatus {
  return s === 'en_route' ? 'en_route' : s === 'on_scene' ? 'on_scene' : s === 'assigned' || s === 'new' ? 'assigned' : 'available';
}

export const ResourceView = z.object({
  id: z.string().uuid(),
  name: z.string(),
  identifier: z.string(),
  type: ResourceType,
  subtype: z.string().nullable(),
  status: ResourceStatus,
  agency: z.string().nullable(),
  unit: z.string().nullable(),
  lat: z.number().nullable(),
  lon: z.number().nullable(),
  capabilities: z.array(z.string()),
  vehicleId: z.string().uuid().nullable(),
  incidentId: z.string().uuid().nullable(),
});
export type ResourceView = z.infer<typeof ResourceView>;

/**
 * What keeps a suggested resource from going now, as data the renderer words: on another incident,
 * a status other than available, its fleet vehicle offline, in error or on a mission, or
 * capabilities the incident needs that it lacks.
 */
export const SuggestionBlocker = z.discriminatedUnion('code', [
  z.object({ code: z.literal('onIncident'), incident: z.string() }),
  z.object({ code: z.literal('status'), status: ResourceStatus }),
  z.object({ code: z.literal('vehicle'), vehicle: z.enum(['offline', 'error', 'onMission']) }),
  z.object({ code: z.literal('lacks'), missing: z.array(z.string()) }),
]);
export type SuggestionBlocker = z.infer<typeof SuggestionBlocker>;

export const ResourceSuggestion = z.object({
  resourceId: z.string().uuid(),
  name: z.string(),
  type: ResourceType,
  status: ResourceStatus,
  eligible: z.boolean(),
  distanceM: z.number().nullable(),
  /** Capabilities the incident asks for that this resource has. */
  matched: z.array(z.string()),
  /** What keeps it from going (null: it can go); with `distanceM` and `matched`, the reason as data. */
  blocker: SuggestionBlocker.nullable(),
  /** The reason in English ("available · 40 m away · has first_aid"), for the API and the case's record. */
  reason: z.string(),
});
export type ResourceSuggestion = z.infer<typeof ResourceSuggestion>;

export const IncidentInput = z.object({
  siteId: z.string().uuid(),
  type: z.string().trim().min(1).max(100),
  category: IncidentCategory,
  priority: z.number().int().min(1, own('input.priority')).max(5, own('input.priority')),
  title: z.string().trim().min(1).max(255),
  description: z.string().max(10_000).optional(),
  location: LatLon.optional(),
  address: z.string().max(500).optional(),
  agencyId: z.string().uuid().optional(),
  parentId: z.string().uuid().optional(),
  /** Capabilities a resource needs for this incident (e.g. first_aid, lift). */
  needs: z.array(z.string().min(1).max(50)).max(20).default([]),
  /** The person confirmed a location further than the site's radius from the site. */
  confirmFar: z.boolean().optional(),
});
export type IncidentInput = z.infer<typeof IncidentInput>;

export const IncidentView = z.object({
  id: z.string().uuid(),
  number: z.string(),
  type: z.string(),
  category: z.string(),
  priority: z.number(),
  status: IncidentStatus,
  title: z.string(),
  description: z.string().nullable(),
  lat: z.number().nullable(),
  lon: z.number().nullable(),
  address: z.string().nullable(),
  agencyId: z.string().uuid().nullable(),
  agency: z.string().nullable(),
  parentId: z.string().uuid().nullable(),
  sourceAlertId: z.string().uuid().nullable(),
  needs: z.array(z.string()),
  resources: z.array(z.object({ id: z.string().uuid(), name: z.string(), status: ResourceStatus })),
  createdAt: z.string(),
  assignedAt: z.string().nullable(),
  enRouteAt: z.string().nullable(),
  onSceneAt: z.string().nullable(),
  resolvedAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  cancelledAt: z.string().nullable(),
  cancelReason: z.string().nullable(),
  version: z.number(),
});
export type IncidentView = z.infer<typeof IncidentView>;
