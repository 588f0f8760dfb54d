import { describe, expect, it } from 'vitest';
import type { AnnouncementView, RequestView, TicketView } from '../../core/contract/index.js';
import { announcementRow, announcementRows, requestRow, ticketRow } from './city-rows.js';

const NOW = Date.parse('2026-11-22T12:00:00Z');
const request = (over: Partial<RequestView> = {}): RequestView => ({
  id: 'r1', siteId: 's', category: 'streetlight', serviceName: 'Streetlight out', externalId: null, description: 'Lamp flickers', lat: 52.09, lon: 5.12, addressId: null, zipcode: null,
  address: null, status: 'open', statusNotes: null, priority: 0, agencyResponsible: null, attachments: [], duplicateOf: null, hasContact: false,
  requestedAt: '2026-11-22T11:00:00Z', expectedAt: null, closedAt: null, updatedAt: '2026-11-22T11:00:00Z', version: 1, ...over,
});

describe('board rows', () => {
  it('a request reads as its service and description, its place and age', () => {
    const row = requestRow(request(), [], NOW);
    expect(row.title).toBe('Streetlight out: Lamp flickers');
    expect(row.sub).toBe('52.09000, 5.12000 · 1 h ago');
    expect([row.badge, row.tone, row.linked]).toEqual(['–', 'muted', false]);
    const urgent = requestRow(request({ priority: 5, externalId: '638', address: 'Dorpsstraat 1', duplicateOf: 'r0', status: 'in_progress' }), [], NOW);
    expect(urgent.sub).toBe('#638 · Dorpsstraat 1 · 1 h ago');
    expect([urgent.badge, urgent.tone, urgent.linked, urgent.statusText]).toEqual(['P5', 'bad', true, 'in progress']);
    // Imported with an address only: no point yet, and the row says so.
    expect(requestRow(request({ lat: null, lon: null, address: 'Markt 1' }), [], NOW).sub).toBe('Markt 1 · needs a location · 1 h ago');
    expect(requestRow(request({ lat: null, lon: null }), [], NOW).sub).toBe('needs a location · 1 h ago');
  });

  it('a ticket says who has it and what it is about', () => {
    const t = { id: 't', siteId: 's', kind: 'maintenance', subject: 'Brake check', description: '', status: 'open', priority: 'urgent', assigneeId: null, assignee: null,
      resolutionNotes: null, link: { type: 'vehicle', id: 'v', label: 'WC-01' }, createdBy: null, createdAt: '2026-11-20T12:00:00Z', updatedAt: '', resolvedAt: null, closedAt: null, version: 1 } as TicketView;
    const row = ticketRow(t, NOW);
    expect(row.sub).toBe('Maintenance · unassigned · WC-01 · 2 days ago');
    expect(row.tone).toBe('bad');
  });

  it('a published announcement shows its phase; a draft its status', () => {
    const a = { id: 'a', title: 'Road works', type: 'road_closure', severity: 'warning', area: { type: 'polygon', ring: [] }, startsAt: '2026-11-22T13:00:00Z', endsAt: null, status: 'published' } as unknown as AnnouncementView;
    const row = announcementRow(a, NOW, (iso) => iso.slice(11, 16));
    expect([row.statusText, row.sub, row.tone]).toEqual(['upcoming', 'Road closure · polygon · 13:00 onwards', 'warn']);
    expect(announcementRow({ ...a, status: 'draft' }, NOW, (iso) => iso).statusText).toBe('draft');
  });
});

describe('detail facts', () => {
  it('leave out what is not known, and name the service', async () => {
    const { requestFacts } = await import('./city-rows.js');
    const facts = requestFacts(request({ address: 'Dorpsstraat 1' }), [{ code: 'streetlight', name: 'Street light', description: null, group: null, keywords: [], type: 'realtime' }], (iso) => iso.slice(11, 16));
    expect(facts).toEqual([['Category', 'Street light'], ['Description', 'Lamp flickers'], ['Location', 'Dorpsstraat 1'], ['Priority', 'none'], ['Requested', '11:00']]);
  });
});

describe('announcements board', () => {
  it('groups active, upcoming and past, each in the order that matters', () => {
    const base = { type: 'warning', severity: 'info', area: { type: 'point', center: { lat: 0, lon: 0 } }, status: 'published', withdrawnAt: null } as const;
    const a = (id: string, startsAt: string, endsAt: string | null, over = {}) => ({ ...base, id, title: id, description: '', startsAt, endsAt, ...over }) as unknown as AnnouncementView;
    const rows = announcementRows([
      a('past-old', '2026-11-01T00:00:00Z', '2026-11-02T00:00:00Z'),
      a('active-open', '2026-11-22T10:00:00Z', null),
      a('upcoming-late', '2026-11-25T00:00:00Z', null),
      a('past-recent', '2026-11-20T00:00:00Z', '2026-11-21T00:00:00Z'),
      a('active-ending', '2026-11-22T10:00:00Z', '2026-11-22T14:00:00Z'),
      a('upcoming-soon', '2026-11-22T13:00:00Z', null),
    ], NOW, (iso) => iso);
    expect(rows.map((r) => `${r.group}:${r.id}`)).toEqual([
      'Active now:active-ending', 'Active now:active-open', 'Upcoming:upcoming-soon', 'Upcoming:upcoming-late', 'Past:past-recent', 'Past:past-old',
    ]);
  });
});
