// Long imports and exports (the audit log, Open311 files) run as transfers in core: a file
// goes up and comes down in chunks no larger than a browser connection carries, the work
// reports its progress, and it can be cancelled.
import { z } from 'zod';
import type { Open311Format } from './city.js';
import { own } from './errors/index.js';

/** Raw bytes per chunk: base64 makes 512 KiB about 683 KiB, under the browser host's 1 MiB message limit. */
export const TRANSFER_CHUNK_BYTES = 512 * 1024;
/** The largest file an Open311 import takes (its requests are at most 100,000). */
export const TRANSFER_UPLOAD_MAX_BYTES = 256 * 1024 * 1024;

export const TransferId = z.string().regex(/^[A-Za-z0-9_-]{20,40}$/, own('input.transferId'));
export const TransferRef = z.object({ id: TransferId });
export const TransferRead = z.object({ id: TransferId, file: z.number().int().min(0).max(10).default(0), offset: z.number().int().min(0) });
export const UploadBegin = z.object({ siteId: z.string().uuid(), files: z.array(z.object({ name: z.string().min(1).max(255), bytes: z.number().int().min(1).max(TRANSFER_UPLOAD_MAX_BYTES) })).min(1).max(20) });
export const UploadChunk = z.object({
  id: TransferId, file: z.number().int().min(0).max(19), offset: z.number().int().min(0),
  data: z.string().max(Math.ceil(TRANSFER_CHUNK_BYTES / 3) * 4, own('input.chunkMax')).regex(/^[A-Za-z0-9+/]*={0,2}$/, own('input.chunkBase64')),
});
export const Open311StreamImport = z.object({ id: TransferId, choice: z.enum(['all', 'good']).default('all'), confirmSuspect: z.boolean().default(false) });
export const AuditExportStart = z.object({ fromSeq: z.number().int().positive().optional(), toSeq: z.number().int().positive().optional() }).default({});

export type TransferState = 'running' | 'done' | 'failed' | 'cancelled';
export type TransferPhase = 'upload' | 'reading' | 'checking' | 'writing' | 'exporting' | 'ready';
export interface TransferFile { name: string; bytes: number; mime: string }
export interface TransferStatus {
  id: string;
  kind: 'audit-export' | 'open311-export' | 'open311-import';
  state: TransferState;
  phase: TransferPhase;
  /** Units done and expected (records, or bytes while uploading); total null when not known yet. */
  done: number;
  total: number | null;
  /** Whether cancel still stops it with nothing left behind (not once an import writes). */
  cancellable: boolean;
  error: string | null;
  files: TransferFile[];
  /** What the work produced: the audit manifest, the Open311 preview or import result. */
  result?: unknown;
}
export interface TransferChunk { data: string; next: number | null; bytes: number }
/** The export's manifest (core/audit/verify.ts ExportManifest): written beside the JSONL. */
export interface AuditExportResult { manifest: { format: string; count: number; firstSeq: number | null; lastSeq: number | null; lastHash: string; exportedAt: string } }
export interface Open311ExportResult { format: Open311Format; records: Record<'services' | 'definitions' | 'requests', number> }
