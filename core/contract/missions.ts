import { z } from 'zod';

export const MissionStatus = z.enum(['pending', 'assigned', 'in_progress', 'completed', 'cancelled', 'failed']);
export type MissionStatus = z.infer<typeof MissionStatus>;
export const MissionPriority = z.enum(['low', 'normal', 'high', 'urgent']);
export type MissionPriority = z.infer<typeof MissionPriority>;

/**
 * The one status machine: a mission waits (pending), gets a vehicle (assigned), is
 * under way (in_progress) and ends completed, cancelled or failed. A mission whose
 * vehicle is lost goes back to assigned with another vehicle, or to pending.
 */
export const MISSION_TRANSITIONS: Readonly<Record<MissionStatus, readonly MissionStatus[]>> = {
  pending: ['assigned', 'cancelled', 'failed'],
  assigned: ['in_progress', 'pending', 'cancelled', 'failed'],
  in_progress: ['completed', 'assigned', 'cancelled', 'failed'],
  completed: [],
  cancelled: [],
  failed: [],
};

export const canTransition = (from: MissionStatus, to: MissionStatus): boolean => MISSION_TRANSITIONS[from].includes(to);
export const isActive = (s: MissionStatus): boolean => s === 'pending' || s === 'assigned' || s === 'in_progress';

export const Place = z.object({ nodeId: z.string(), name: z.string(), kind: z.string(), lat: z.number(), lon: z.number(), x: z.number(), y: z.number() });
export type Place = z.infer<typeof Place>;

export const Candidate = z.object({
  vehicleId: z.string().uuid(),
  name: z.string(),
  eligible: z.boolean(),
  /** Lower is better: seconds until the vehicle can be at the pick-up. */
  score: z.number().nullable(),
  etaToPickupS: z.number().nullable(),
  batteryAfterPercent: z.number().nullable(),
  reason: z.string(),
});
export type Candidate = z.infer<typeof Candidate>;

export const MissionView = z.object({
  id: z.string().uuid(),
  residentId: z.string().uuid(),
  resident: z.string(),
  vehicleId: z.string().uuid().nullable(),
  vehicle: z.string().nullable(),
  pickup: z.string(),
  pickupNode: z.string(),
  dropoff: z.string(),
  dropoffNode: z.string(),
  priority: MissionPriority,
  status: MissionStatus,
  scheduledAt: z.string().nullable(),
  createdAt: z.string(),
  assignedAt: z.string().nullable(),
  startedAt: z.string().nullable(),
  pickedUpAt: z.string().nullable(),
  completedAt: z.string().nullable(),
  /** Estimates for an active mission from where its vehicle is (null when unknown or past). */
  expectedPickupAt: z.string().nullable(),
  expectedArrivalAt: z.string().nullable(),
  notes: z.string().nullable(),
  failureReason: z.string().nullable(),
  atRisk: z.string().nullable(),
  createdBy: z.string().nullable(),
  version: z.number(),
});
export type MissionView = z.infer<typeof MissionView>;

export const MissionEvent = z.object({
  id: z.number(),
  type: z.string(),
  at: z.string(),
  vehicleId: z.string().nullable(),
  actor: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
});
export type MissionEvent = z.infer<typeof MissionEvent>;

