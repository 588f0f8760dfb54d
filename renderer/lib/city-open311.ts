// Reading Open311 GeoReport v2 files in the renderer before they are sent: the records
// are checked in core (so a refusal names each bad one); here only the file's shape.

export type GeoReportFile = 'requests' | 'services';

/** The wrapper keys some servers put around the list (GeoReport v2 itself answers a bare array). */
const WRAPPERS: Record<GeoReportFile, string[]> = { requests: ['service_requests', 'requests'], services: ['services'] };

/** The file's records, or a sentence saying why the file cannot be one. */
export function readGeoReport(text: string, which: GeoReportFile, fileName: string): { records: unknown[] } | { error: string } {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    return { error: `${fileName} is not JSON (${(err as Error).message}); Open311 GeoReport v2 files are JSON.` };
  }
  if (Array.isArray(data)) return { records: data };
  if (data && typeof data === 'object') {
    for (const key of WRAPPERS[which]) {
      const list = (data as Record<string, unknown>)[key];
      if (Array.isArray(list)) return { records: list };
    }
  }
  const shape = which === 'requests' ? 'service requests' : 'services';
  return { error: `${fileName} does not hold a list of ${shape}: a GeoReport v2 file is a JSON array of ${shape}${which === 'requests' ? ' (or { "service_requests": [...] })' : ''}.` };
}

/**
 * Core refuses a file with one sentence naming every bad record
 * ("…: requests[3] (id '638'): missing lat; requests[7] …"); shown as a list.
 */
export function refusalList(message: string): { head: string; items: string[] } {
  const lines = message.split('\n').map((l) => l.trim()).filter(Boolean);
  if (lines.length > 1) return { head: lines[0]!, items: lines.slice(1).map((l) => l.replace(/^[-•*]\s*/, '')) };
  const at = message.search(/\b(?:services|requests)\[\d+\]/);
  if (at < 0) return { head: message, items: [] };
  const head = message.slice(0, at).replace(/[:\s]+$/, '');
  const items = message.slice(at).split(/;\s+(?=(?:services|requests)\[\d+\])/).map((s) => s.trim().replace(/[.;]$/, ''));
  return { head: head || 'The file was refused', items };
}

/** "open311-requests-lindenhof-2026-11-22.json". */
export const exportFileName = (siteSlug: string, now: Date) => `open311-${siteSlug}-${now.toISOString().slice(0, 10)}.json`;
