// Open311 GeoReport v2 files in the renderer: picked files go to core in chunks (a transfer,
// see transfer.svelte.ts); core reads JSON or XML and checks each record. Here: how its answers are shown.
import type { Open311Format, Open311PreviewRecord } from '../../core/contract/index.js';
import { open311Words as w } from './open311-words.js';

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

/** "open311-requests-lindenhof-2026-11-22.xml". */
export const exportFileName = (siteSlug: string, now: Date, kind = 'requests', format: Open311Format = 'json') =>
  `open311-${kind}-${siteSlug}-${now.toISOString().slice(0, 10)}.${format}`;
