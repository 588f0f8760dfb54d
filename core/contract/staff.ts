// Staff and responders: agencies (a hierarchy), their units, and resources (people,
// equipment, vehicles), each with capabilities and a duty status.
import { z } from 'zod';
import { own } from './errors/index.js';

const id = z.string().uuid();
const capabilities = z.array(z.string().trim().min(1).max(50)).max(30, own('input.capabilities'));
/** When the record was loaded (its updatedAt): a newer one is a stale write. */
const loaded = z.string().optional();

export const AgencyType = z.enum(['police', 'fire', 'ems', 'dispatch', 'facility', 'public_works', 'other']);
export const DutyStatus = z.enum(['on_duty', 'off_duty', 'maintenance', 'out_of_service']);
export type DutyStatus = z.infer<typeof DutyStatus>;

export const AgencyInput = z.object({
  id: id.optional(), siteId: id, parentId: id.nullable().optional(),
  code: z.string().trim().toUpperCase().regex(/^[A-Z0-9][A-Z0-9-]{0,19}$/, own('input.agencyCode')),
  name: z.string().trim().min(1, own('input.agencyName')).max(200), type: AgencyType, active: z.boolean().default(true), loadedAt: loaded,
});
export type AgencyInput = z.input<typeof AgencyInput>;

export const UnitInput = z.object({
  id: id.optional(), agencyId: id, code: z.string().trim().min(1, own('input.unitCode')).max(40), name: z.string().trim().min(1, own('input.unitName')).max(200),
  capabilities: capabilities.default([]), dutyStatus: DutyStatus.default('on_duty'), loadedAt: loaded,
});
export type UnitInput = z.input<typeof UnitInput>;

/** An edit of a resource; its duty status has its own procedure (ops.setResourceStatus). */
export const ResourceEdit = z.object({
  id, name: z.string().trim().min(1).max(200), identifier: z.string().trim().min(1).max(100), subtype: z.string().trim().max(50).nullable().optional(),
  agencyId: id.nullable().optional(), unitId: id.nullable().optional(), capabilities: capabilities.default([]),
  /** The user who signs in as this person, or null. */
  userId: id.nullable().optional(), loadedAt: loaded,
});
export type ResourceEdit = z.input<typeof ResourceEdit>;

export interface AgencyRow { id: string; parentId: string | null; code: string; name: string; type: z.infer<typeof AgencyType>; active: boolean; updatedAt: string }
export interface UnitRow { id: string; agencyId: string; code: string; name: string; capabilities: string[]; dutyStatus: DutyStatus; updatedAt: string }
export interface StaffResource {
  id: string; name: string; identifier: string; type: 'personnel' | 'vehicle' | 'equipment'; subtype: string | null; status: string;
  agencyId: string | null; unitId: string | null; capabilities: string[]; vehicleId: string | null; userId: string | null; user: string | null; updatedAt: string;
}
export interface Staff { agencies: AgencyRow[]; units: UnitRow[]; resources: StaffResource[] }
