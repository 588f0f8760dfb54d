// What a field laptop sends the central console's host, and what it gets back: its audit
// entries as it hashed them, and its records with the emails and vehicle identities that
// the central database matches (ids of users and vehicles differ between databases).
import { z } from 'zod';
import { own, type Reason } from '../contract/errors/index.js';

export const Source = z.string().regex(/^laptop-[0-9a-f]{16}$/, own('input.laptopSource'));
const Hash = z.string().regex(/^[0-9a-f]{64}$/);
const Email = z.string().email().max(320);
const When = z.string().datetime({ offset: true });
const Id = z.string().uuid();

export const VehicleRef = z.object({ manufacturer: z.string().min(1).max(200), serialNumber: z.string().min(1).max(200), name: z.string().max(200) });
export type VehicleRef = z.infer<typeof VehicleRef>;

export const ChainLinkInput = z.object({ seq: z.number().int().min(1), prevHash: Hash, hash: Hash, body: z.string().max(1 << 20) });

export const TicketRecord = z.object({
  kind: z.literal('ticket'), id: Id, revision: z.number().int().min(1),
  /** The central version the laptop last had (downloaded, or after its last push); null for a ticket made on the laptop. */
  baseVersion: z.number().int().min(1).nullable(),
  subject: z.string().min(1).max(255), description: z.string().max(10_000),
  status: z.enum(['open', 'in_progress', 'resolved', 'closed']), priority: z.enum(['low', 'medium', 'high', 'urgent']),
  ticketKind: z.enum(['maintenance', 'support']), vehicle: VehicleRef.nullable(), resolutionNotes: z.string().max(10_000).nullable(), createdBy: Email.nullable(),
});
export const LogRecord = z.object({
  kind: z.literal('vehicle_log'), id: Id, vehicle: VehicleRef, ticketId: Id.nullable(), workDone: z.string().min(1).max(10_000),
  parts: z.unknown(), notes: z.string().max(10_000).nullable(), author: Email.nullable(), loggedAt: When,
  // At most 10 photos of 5 MB each (core/field/logs.ts), as base64.
  photos: z.array(z.object({ id: Id, fileName: z.string().min(1).max(255), mimeType: z.enum(['image/jpeg', 'image/png', 'image/webp']), dataBase64: z.string().max(7_000_000) })).max(10),
});
export const CommandRecord = z.object({
  kind: z.literal('vehicle_command'), id: Id, vehicle: VehicleRef, actionType: z.string().min(1).max(100), actionId: z.string().min(1).max(200),
  parameters: z.unknown(), reason: z.string().max(2000), status: z.enum(['finished', 'failed', 'timed_out', 'expired']), detail: z.string().max(2000).nullable(),
  requestedBy: Email.nullable(), confirmedBy: Email.nullable(),
  requestedAt: When, expiresAt: When.nullable(), sentAt: When.nullable(), acknowledgedAt: When.nullable(), endedAt: When.nullable(),
});
export const FieldRecord = z.discriminatedUnion('kind', [TicketRecord, LogRecord, CommandRecord]);
export type FieldRecord = z.infer<typeof FieldRecord>;
export type TicketRecord = z.infer<typeof TicketRecord>;

export type Decision = 'keep_central' | 'take_laptop';
export const DecisionInput = z.enum(['keep_central', 'take_laptop']);

/** Where the central side stands for one laptop: its chain's last entry received, and which records arrived (with their laptop revision). */
export interface SyncStart { lastSeq: number; lastHash: string; arrived: Array<{ kind: FieldRecord['kind']; id: string; revision: number; centralVersion: number | null }> }
export type RecordOutcome =
  | { outcome: 'pushed' | 'unchanged' | 'kept_central'; centralVersion: number | null }
  /** `why`: the conflict's code and parameters, for the laptop to word in its operator's language (`what` is its English words). */
  | { outcome: 'conflict'; what: string; why?: Pick<Reason, 'code' | 'params'> };

/** A central ticket as a laptop takes it before going out. */
export interface TicketCopy {
  id: string; subject: string; description: string; status: TicketRecord['status']; priority: TicketRecord['priority']; kind: TicketRecord['ticketKind'];
  resolutionNotes: string | null; version: number; vehicle: VehicleRef | null; assignee: string | null; createdBy: string | null;
  site: { id: string; slug: string; name: string; timeZone: string; lat: number; lon: number };
}
