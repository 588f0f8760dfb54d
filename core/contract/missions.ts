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
