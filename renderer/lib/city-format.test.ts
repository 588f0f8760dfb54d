import { describe, expect, it } from 'vitest';
import { setLocale } from '../i18n/i18n.svelte.js';
import { ageText, announcementPhase, distanceText, eventText, linkedId, moveLabel, nextStatuses, requestPriorityText } from './city-format.js';

const NOW = Date.parse('2026-11-22T12:00:00Z');
const ev = (kind: string, details: Record<string, unknown> = {}) => ({ kind, details, body: null }) as Parameters<typeof eventText>[0];

describe('city format', () => {
  it('offers only the legal next statuses of each machine', () => {
    expect(nextStatuses('request', 'open')).toEqual(['in_progress', 'closed']);
    expect(nextStatuses('request', 'closed')).toEqual(['open']);
    expect(nextStatuses('report', 'new')).toEqual(['under_review', 'rejected']);
    expect(nextStatuses('report', 'closed')).toEqual([]);
    expect(nextStatuses('ticket', 'resolved')).toEqual(['closed', 'in_progress']);
  });

  it('names a move by what it does', () => {
    expect(moveLabel('closed', 'open')).toBe('Reopen');
    expect(moveLabel('resolved', 'in_progress')).toBe('Reopen (in progress)');
    expect(moveLabel('open', 'in_progress')).toBe('Start work');
    expect(moveLabel('new', 'under_review')).toBe('Review');
  });

  it('distances, ages and priorities read short', () => {
    expect(distanceText(12.4)).toBe('12 m');
    expect(distanceText(1340)).toBe('1.3 km');
    expect(ageText('2026-11-22T11:59:30Z', NOW)).toBe('just now');
    expect(ageText('2026-11-22T11:55:00Z', NOW)).toBe('5 min ago');
    expect(ageText('2026-11-22T09:00:00Z', NOW)).toBe('3 h ago');
    expect(ageText('2026-11-21T12:00:00Z', NOW)).toBe('1 day ago');
    expect(ageText('2026-11-18T12:00:00Z', NOW)).toBe('4 days ago');
    expect(requestPriorityText(0)).toBe('none');
    expect(requestPriorityText(3)).toBe('P3');
  });

  it('an announcement is active, upcoming or past by its dates; withdrawn is past', () => {
    const a = (startsAt: string, endsAt: string | null, status = 'published' as const) => ({ startsAt, endsAt, status });
    expect(announcementPhase(a('2026-11-22T10:00:00Z', null), NOW)).toBe('active');
    expect(announcementPhase(a('2026-11-22T10:00:00Z', '2026-11-22T13:00:00Z'), NOW)).toBe('active');
    expect(announcementPhase(a('2026-11-22T13:00:00Z', null), NOW)).toBe('upcoming');
    expect(announcementPhase(a('2026-11-22T08:00:00Z', '2026-11-22T12:00:00Z'), NOW)).toBe('past');
    expect(announcementPhase({ ...a('2026-11-22T10:00:00Z', null), status: 'withdrawn' }, NOW)).toBe('past');
  });

  it('timeline entries read as sentences, and a link points at the other case', () => {
    expect(eventText(ev('status', { from: 'open', to: 'in_progress' }))).toBe('Status open → in progress');
    expect(eventText(ev('link', { duplicateOf: 'x' }))).toBe('Linked as a duplicate');
    expect(eventText(ev('link', { duplicate: 'y' }))).toBe('A duplicate was linked to it');
    expect(eventText(ev('comment', { deleted: true }))).toBe('Deleted');
    expect(linkedId(ev('link', { duplicate: 'y' }))).toBe('y');
    expect(linkedId(ev('comment'))).toBeNull();
  });

  it('speaks Dutch when the operator chose it', async () => {
    await setLocale('nl');
    try {
      expect(moveLabel('open', 'in_progress')).toBe('Oppakken');
      expect(distanceText(1340)).toBe('1,3 km');
      expect(ageText('2026-11-18T12:00:00Z', NOW)).toBe('4 dagen geleden');
      expect(eventText(ev('status', { from: 'open', to: 'in_progress' }))).toBe('Status open → in behandeling');
    } finally {
      await setLocale('en');
    }
  });
});
