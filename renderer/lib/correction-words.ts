// A correction on a case's timeline in words: "Corrected title “Pothole” → “Deep pothole”; location moved".

const NAMES: Record<string, string> = { title: 'title', category: 'category', location: 'location', agencyId: 'agency', parentId: 'part of' };

export function correctionText(d: Record<string, unknown>): string {
  const from = (d.from ?? {}) as Record<string, unknown>;
  const to = (d.to ?? {}) as Record<string, unknown>;
  const parts = Object.keys(to).map((k) =>
    k === 'location' ? 'location moved' : k === 'agencyId' || k === 'parentId' ? `${NAMES[k]} changed` : `${NAMES[k] ?? k} “${String(from[k] ?? '—')}” → “${String(to[k] ?? '—')}”`);
  return `Corrected ${parts.join('; ')}${typeof d.reason === 'string' && d.reason ? ` (${d.reason})` : ''}`;
}
