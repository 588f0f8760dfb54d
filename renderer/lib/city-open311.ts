// Open311 GeoReport v2 files in the renderer: picked files go to core as text (core reads
// JSON or XML and checks each record); here only what a browser connection can carry.
import { BROWSER_CALL_MAX_BYTES, type Open311Format, type Open311ImportInput, type Open311PreviewRecord } from '../../core/contract/index.js';
import { open311Words as w } from './open311-words.js';

/** Bytes the call takes on the wire (tRPC sends its input as JSON text, UTF-8). */
export const callBytes = (input: unknown) => new TextEncoder().encode(JSON.stringify(input)).length;

/** Room for tRPC's own envelope around the input. */
const ENVELOPE = 1024;

/**
 * A browser talks to the host over one WebSocket whose messages may be at most
 * BROWSER_CALL_MAX_BYTES; a larger one closes the connection. Say so before sending.
 */
export function tooLargeForBrowser(input: Open311ImportInput, inBrowser: boolean): string | null {
  if (!inBrowser) return null;
  const bytes = callBytes(input);
  return bytes + ENVELOPE > BROWSER_CALL_MAX_BYTES ? w.tooLarge(bytes, BROWSER_CALL_MAX_BYTES) : null;
}

/** The picked files as core takes them. */
export async function filesInput(siteId: string, files: File[]): Promise<Open311ImportInput> {
  return { siteId, files: await Promise.all(files.map(async (f) => ({ name: f.name, text: await f.text() }))) };
}

/**
 * Core refuses a file with one sentence naming every bad record
 * ("…: requests[3] (id '638'): missing lat; requests[7] …"); shown as a list.
 */
export function refusalList(message: string): { head: string; items: string[] } {
  const lines = message.split('\n').map((l) => l.trim()).filter(Boolean);
  if (lines.length > 1) return { head: lines[0]!, items: lines.slice(1).map((l) => l.replace(/^[-•*]\s*/, '')) };
  const at = message.search(/\b(?:services|definitions|requests)\[\d+\]/);
  if (at < 0) return { head: message, items: [] };
  const head = message.slice(0, at).replace(/[:\s]+$/, '');
  const items = message.slice(at).split(/;\s+(?=(?:services|definitions|requests)\[\d+\])/).map((s) => s.trim().replace(/[.;]$/, ''));
  return { head: head || w.refusedHead, items };
}

/** The preview's rows worth a look first: refused, then suspect, then without a point, then the rest. */
export function previewRows(records: Open311PreviewRecord[], limit = 300): Open311PreviewRecord[] {
  const rank = (r: Open311PreviewRecord) => (r.state === 'refused' ? 0 : r.suspect ? 1 : r.needsLocation ? 2 : r.state === 'unchanged' ? 4 : 3);
  return [...records].sort((a, b) => rank(a) - rank(b) || a.index - b.index).slice(0, limit);
}

/** The request ids whose suspect locations the user confirms along with the import. */
export const suspectIds = (records: Open311PreviewRecord[]) => records.filter((r) => r.kind === 'request' && r.suspect && r.state !== 'refused').map((r) => r.key);

/** "open311-requests-lindenhof-2026-11-22.xml". */
export const exportFileName = (siteSlug: string, now: Date, kind = 'requests', format: Open311Format = 'json') =>
  `open311-${kind}-${siteSlug}-${now.toISOString().slice(0, 10)}.${format}`;
