import { z } from 'zod';

export const Outcome = z.enum(['success', 'denied', 'failed']);

export const AuditFilter = z.object({
  from: z.string().datetime().optional(),
  to: z.string().datetime().optional(),
  actor: z.string().max(254).optional(),
  action: z.string().max(100).optional(),
  resourceType: z.string().max(100).optional(),
  outcome: Outcome.optional(),
  text: z.string().max(200).optional(),
});
export type AuditFilter = z.infer<typeof AuditFilter>;

export const AuditQuery = AuditFilter.extend({
  /** Entries older than this seq (keyset paging, newest first). */
  before: z.number().int().positive().optional(),
  limit: z.number().int().min(1).max(1000).default(200),
});

export interface AuditRecord {
  seq: number;
  at: string;
  actorId: string | null;
  actorEmail: string | null;
  sessionId: string | null;
  action: string;
  resourceType: string | null;
  resourceId: string | null;
  siteId: string | null;
  oldValues: unknown;
  newValues: unknown;
  lat: number | null;
  lon: number | null;
  requestId: string | null;
  outcome: 'success' | 'denied' | 'failed';
  reason: string | null;
  /**
   * The permission the procedure declared, which the database re-checked as a change committed;
   * absent for calls that need none (sign-in, sign-out, the system's own work).
   */
  permission?: string;
  prevHash: string;
  hash: string;
}

export interface ChainStatus {
  ok: boolean;
  count: number;
  lastSeq: number;
  lastHash: string;
  problem: { seq: number; reason: string } | null;
  checkedAt: string;
}
