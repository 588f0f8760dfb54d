import type { DutyStatus } from '../../../core/contract/index.js';
import { t } from '../../i18n/i18n.svelte.js';

const DUTY_KEYS = {
  on_duty: 'incidents.staff.duty.on_duty', off_duty: 'incidents.staff.duty.off_duty', maintenance: 'incidents.staff.duty.maintenance', out_of_service: 'incidents.staff.duty.out_of_service',
} as const satisfies Record<DutyStatus, string>;
/** The duty statuses, in the order the pickers offer them. */
export const DUTY_STATUSES = Object.keys(DUTY_KEYS) as DutyStatus[];
/** A duty status in words. */
export const dutyText = (d: DutyStatus): string => t(DUTY_KEYS[d]);

/** A resource's status as a duty status ("available" is on duty; assigned, en route and on scene are on duty, busy). */
export const dutyOf = (status: string): DutyStatus => (status === 'off_duty' || status === 'maintenance' || status === 'out_of_service' ? status : 'on_duty');
/** The status core takes for a duty status. */
export const statusFor = (d: DutyStatus): 'available' | 'off_duty' | 'maintenance' | 'out_of_service' => (d === 'on_duty' ? 'available' : d);
