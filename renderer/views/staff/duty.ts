import type { DutyStatus } from '../../../core/contract/index.js';

/** Duty statuses in words. */
export const DUTY: Record<DutyStatus, string> = { on_duty: 'On duty', off_duty: 'Off duty', maintenance: 'Maintenance', out_of_service: 'Out of service' };

/** A resource's status as a duty status ("available" is on duty; assigned, en route and on scene are on duty, busy). */
export const dutyOf = (status: string): DutyStatus => (status === 'off_duty' || status === 'maintenance' || status === 'out_of_service' ? status : 'on_duty');
/** The status core takes for a duty status. */
export const statusFor = (d: DutyStatus): 'available' | 'off_duty' | 'maintenance' | 'out_of_service' => (d === 'on_duty' ? 'available' : d);
