// Correcting a case after the fact: priority, title, category and location of incidents,
// service requests, reports and missions; an incident's agency and parent. Each type takes
// the fields it has (a mission: its priority, and while it waits its pick-up and drop-off); the rest are refused in words.
import { z } from 'zod';
import { own } from './errors/index.js';

export const CorrectableCase = z.enum(['incident', 'service_request', 'report', 'mission']);
export type CorrectableCase = z.infer<typeof CorrectableCase>;

export const CaseCorrection = z.object({
  type: CorrectableCase,
  id: z.string().uuid(),
  /** The version the person loaded: a newer one is a stale write. */
  version: z.number().int(),
  /** 1–5 for incidents, 0–5 for requests, low/medium/high/urgent for reports, low/normal/high/urgent for missions. */
  priority: z.union([z.number().int(), z.string()]).optional(),
  title: z.string().trim().min(1, own('input.titleEmpty')).max(255).optional(),
  category: z.string().trim().min(1, own('input.category')).max(100).optional(),
  location: z.object({ lat: z.number().min(-90).max(90), lon: z.number().min(-180).max(180) }).optional(),
  /** Incidents only: the responsible agency, or null for none. */
  agencyId: z.string().uuid().nullable().optional(),
  /** Incidents only: the incident this one is part of, or null for none. */
  parentId: z.string().uuid().nullable().optional(),
  /** Missions only, while pending: another place of the mission's floor. */
  pickupNode: z.string().min(1).max(200).optional(),
  dropoffNode: z.string().min(1).max(200).optional(),
  reason: z.string().trim().max(500).optional(),
});
export type CaseCorrection = z.input<typeof CaseCorrection>;
