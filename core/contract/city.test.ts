import { describe, expect, it } from 'vitest';
import { AnnouncementInput, Attachment, DUPLICATE_RADIUS_M, haversineM, isDuplicateCandidate, UpdateReportInput } from './index.js';

// Metres north of a point, on the sphere haversineM uses.
const north = (p: { lat: number; lon: number }, m: number) => ({ lat: p.lat + (m / 6_371_008.8) * (180 / Math.PI), lon: p.lon });
const here = { lat: 51.4426, lon: 5.4711 };
const now = new Date('2026-11-22T10:00:00Z');
const daysAgo = (d: number) => new Date(now.getTime() - d * 86_400_000);
const fresh = { category: 'pothole', ...here, at: now };

describe('duplicate candidates', () => {
  it('takes the same category within 50 m and refuses 51 m', () => {
    expect(haversineM(here, north(here, 49))).toBeCloseTo(49, 3);
    expect(isDuplicateCandidate(fresh, { category: 'pothole', ...north(here, 49), at: daysAgo(1) })).toBe(true);
    expect(isDuplicateCandidate(fresh, { category: 'pothole', ...north(here, 51), at: daysAgo(1) })).toBe(false);
    expect(DUPLICATE_RADIUS_M).toBe(50);
  });
  it('looks back 30 days: 29 days yes, 31 days no', () => {
    expect(isDuplicateCandidate(fresh, { category: 'pothole', ...here, at: daysAgo(29) })).toBe(true);
    expect(isDuplicateCandidate(fresh, { category: 'pothole', ...here, at: daysAgo(31) })).toBe(false);
  });
  it('never matches another category or a deleted case', () => {
    expect(isDuplicateCandidate(fresh, { category: 'streetlight', ...here, at: daysAgo(1) })).toBe(false);
    expect(isDuplicateCandidate(fresh, { category: 'pothole', ...here, at: daysAgo(1), deleted: true })).toBe(false);
  });
});

describe('announcement input', () => {
  const base = { siteId: '0190a4a4-0000-7000-8000-000000000001', title: 'Works', type: 'maintenance', startsAt: now.toISOString() };
  const messages = (v: unknown) => {
    const r = AnnouncementInput.safeParse(v);
    return r.success ? [] : r.error.issues.map((i) => i.message);
  };
  it('refuses a circle with zero or negative radius, naming why', () => {
    expect(messages({ ...base, area: { type: 'circle', center: here, radiusM: -5 } })).toEqual(['a circle needs a radius above 0 m']);
    expect(messages({ ...base, area: { type: 'circle', center: here, radiusM: 0 } })).toEqual(['a circle needs a radius above 0 m']);
    expect(messages({ ...base, area: { type: 'circle', center: here, radiusM: 120 } })).toEqual([]);
  });
  it('refuses a self-intersecting polygon, naming the edges', () => {
    const bowtie = [[5.47, 51.44], [5.48, 51.45], [5.48, 51.44], [5.47, 51.45]];
    expect(messages({ ...base, area: { type: 'polygon', ring: bowtie } })).toEqual(['the polygon crosses itself (edge 1 crosses edge 3)']);
    expect(messages({ ...base, area: { type: 'polygon', ring: [[5.47, 51.44], [5.48, 51.44], [5.48, 51.45], [5.47, 51.45]] } })).toEqual([]);
  });
  it('refuses an end before the start', () => {
    expect(messages({ ...base, area: { type: 'point', center: here }, endsAt: daysAgo(1).toISOString() })).toEqual(['the end must come after the start']);
  });
  it('refuses an empty report update', () => {
    expect(UpdateReportInput.safeParse({ id: base.siteId }).success).toBe(false);
    expect(UpdateReportInput.safeParse({ id: base.siteId, internalNote: 'checked on site' }).success).toBe(true);
  });
});

describe('attachments', () => {
  const file = { name: 'photo.jpg', mimeType: 'image/jpeg', bytes: 1200 };
  it('take web addresses only: no javascript:, data: or file: links that would run or read on a click', () => {
    expect(Attachment.safeParse({ ...file, url: 'https://127.0.0.1/photo.jpg' }).success).toBe(true);
    expect(Attachment.safeParse({ ...file, url: 'http://localhost:8080/p.jpg' }).success).toBe(true);
    for (const url of ['javascript:alert(1)', 'JavaScript:alert(document.cookie)', 'data:text/html,<script>alert(1)</script>', 'file:///etc/passwd', 'vbscript:x']) {
      const r = Attachment.safeParse({ ...file, url });
      expect(r.success, url).toBe(false);
    }
    const r = Attachment.safeParse({ ...file, url: 'javascript:alert(1)' });
    expect(r.error!.issues[0]!.message).toBe('an attachment URL must start with http:// or https://');
  });
});
