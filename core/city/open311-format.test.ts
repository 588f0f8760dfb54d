import { describe, expect, it } from 'vitest';
import { checkRequests, checkServices, mediaAttachment, open311Time, toOpen311Request, type ExportRow } from './open311-format.js';

const good = {
  service_request_id: 638344, status: 'open', service_code: 'pothole', requested_datetime: '2026-10-01T10:15:00+02:00',
  lat: '51.4426', long: 5.4711, media_url: 'https://media.example.org/a%20b.JPG',
};

describe('Open311 records', () => {
  it('accepts numeric ids and coordinates given as text, and reads times with their zone', () => {
    const { requests, errors } = checkRequests([good], new Set(['pothole']));
    expect(errors).toEqual([]);
    expect(requests[0]).toMatchObject({ externalId: '638344', lat: 51.4426, lon: 5.4711, status: 'open', description: '', statusNotes: null });
    expect(open311Time(requests[0]!.requestedAt)).toBe('2026-10-01T08:15:00Z');
    expect(open311Time(new Date('2026-10-01T08:15:00.250Z'))).toBe('2026-10-01T08:15:00.250Z');
  });

  it('names every bad record by index, and each problem in it', () => {
    const { errors } = checkRequests([good, { ...good, status: 'pending', long: 'east', media_url: 'not a url' }, 'hello', { ...good, lat: null }], new Set(['pothole']));
    expect(errors).toEqual([
      "requests[1] (id '638344'): service_request_id '638344' appears twice; status 'pending' is not open or closed; "
        + "long 'east' is not a coordinate between -180 and 180; media_url 'not a url' is not a URL",
      'requests[2]: not an object',
      "requests[3] (id '638344'): service_request_id '638344' appears twice; missing lat (a request needs a location)",
    ]);
  });

  it('reads services with keywords as a list or comma-separated, and refuses repeated codes', () => {
    const { services, errors } = checkServices([
      { service_code: 'pothole', service_name: 'Pothole', keywords: 'road, hole' },
      { service_code: 'litter', service_name: 'Litter', keywords: ['bin'], type: 'batch' },
      { service_code: 'pothole', service_name: 'Again' },
      { service_code: 'x', service_name: 'X', type: 'sometimes' },
    ]);
    expect(services.map((s) => [s.code, s.keywords, s.type])).toEqual([['pothole', ['road', 'hole'], 'realtime'], ['litter', ['bin'], 'batch']]);
    expect(errors).toEqual(["services[2] (pothole): service_code 'pothole' appears twice", "services[3] (x): type 'sometimes' is not realtime, batch or blackbox"]);
  });

  it('writes in-progress as open, an empty description as null, and our id when there is no external one', () => {
    const row: ExportRow = {
      external_id: null, id: 'abc', status: 'in_progress', status_notes: 'Crew sent', service_name: 'Pothole', category: 'pothole', description: '',
      agency_responsible: null, service_notice: null, requested_at: new Date('2026-10-01T08:00:00Z'), updated_at: new Date('2026-10-02T08:00:00Z'),
      expected_at: null, address: null, lat: 51.44, lon: 5.47, media_url: null,
    };
    expect(toOpen311Request(row)).toMatchObject({ service_request_id: 'abc', status: 'open', description: null, status_notes: 'Crew sent', updated_datetime: '2026-10-02T08:00:00Z' });
  });

  it('turns a media URL into attachment metadata', () => {
    expect(mediaAttachment('https://media.example.org/a%20b.JPG')).toEqual({ name: 'a b.JPG', mimeType: 'image/jpeg', bytes: 0, url: 'https://media.example.org/a%20b.JPG' });
    expect(mediaAttachment('https://media.example.org/report').mimeType).toBe('application/octet-stream');
  });
});
