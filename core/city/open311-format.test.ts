import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BROWSER_CALL_MAX_BYTES } from '../contract/index.js';
import { checkRequests, mediaAttachment, mediaProblem, open311Time, toOpen311Request, type ExportRow } from './open311-format.js';
import { readOpen311File } from './open311-read.js';
import { checkDefinitions, checkServices } from './open311-services.js';
import { open311Files } from './open311-write.js';

const good = {
  service_request_id: 638344, status: 'open', service_code: 'pothole', requested_datetime: '2026-10-01T10:15:00+02:00',
  lat: '51.4426', long: 5.4711, media_url: 'https://127.0.0.1/a%20b.JPG',
};
const codes = new Set(['pothole']);

describe('Open311 records', () => {
  it('accepts numeric ids and coordinates given as text, and keeps each time as written', () => {
    const [c] = checkRequests([good], codes);
    expect(c!.reason).toBeNull();
    expect(c!.value).toMatchObject({ externalId: '638344', lat: 51.4426, lon: 5.4711, status: 'open', description: '', statusNotes: null });
    expect(c!.value!.written).toMatchObject({ times: { requested_datetime: '2026-10-01T10:15:00+02:00' }, numbers: ['service_request_id'], descriptionNull: true });
    expect(open311Time(c!.value!.requestedAt)).toBe('2026-10-01T08:15:00Z');
    expect(open311Time(new Date('2026-10-01T08:15:00.250Z'))).toBe('2026-10-01T08:15:00.250Z');
  });

  it('names every bad record by index, and each problem in it', () => {
    const checked = checkRequests([good, { ...good, status: 'pending', long: 'east', media_url: 'not a url' }, 'hello', { ...good, service_request_id: 'x', lat: null }], codes);
    expect(checked.map((c) => c.reason)).toEqual([
      null,
      "service_request_id '638344' appears twice; status 'pending' is not open or closed; long 'east' is not a coordinate between -180 and 180; media_url 'not a url' is not a URL",
      'not an object',
      'long without lat',
    ]);
  });

  it('takes a request with an address and no point, and refuses media links that are not http or https', () => {
    const [noPoint] = checkRequests([{ ...good, lat: null, long: '', address: 'Markt 1' }], codes);
    expect(noPoint!.value).toMatchObject({ lat: null, lon: null, address: 'Markt 1' });
    expect(mediaProblem('javascript:alert(1)')).toBe("media_url 'javascript:alert(1)' is not an http or https link (javascript: links are refused)");
    expect(mediaProblem('file:///etc/passwd')).toMatch(/file: links are refused/);
    expect(mediaProblem('http://127.0.0.1/a.jpg ')).toBeNull();
    const [nul] = checkRequests([{ ...good, description: 'a\u0000b' }], codes);
    expect(nul!.reason).toBe('description holds a NUL character');
    const [js] = checkRequests([{ ...good, media_url: 'JavaScript:alert(document.cookie)' }], codes);
    expect(js!.reason).toMatch(/is not an http or https link \(javascript: links are refused\)/);
  });

  it('reads services with metadata and keywords as written, and refuses repeated codes', () => {
    const checked = checkServices([
      { service_code: 'pothole', service_name: 'Pothole', keywords: 'road,  hole', metadata: 'true' },
      { service_code: 'litter', service_name: 'Litter', keywords: ['bin'], type: 'batch' },
      { service_code: 'pothole', service_name: 'Again' },
      { service_code: 'x', service_name: 'X', type: 'sometimes', metadata: 'maybe' },
    ]);
    expect(checked.map((c) => c.value && [c.value.code, c.value.keywords, c.value.keywordsText, c.value.type, c.value.metadata])).toEqual([
      ['pothole', ['road', 'hole'], 'road,  hole', 'realtime', true], ['litter', ['bin'], null, 'batch', false], null, null]);
    expect(checked.slice(2).map((c) => c.reason)).toEqual(["service_code 'pothole' appears twice", "type 'sometimes' is not realtime, batch or blackbox; metadata 'maybe' is not true or false"]);
  });

  it('reads service definitions from JSON types or XML text, refusing unknown services and bad attributes', () => {
    const attr = { variable: 'true', code: 'MAKE', datatype: 'singlevaluelist', required: 'false', datatype_description: '', order: '2', description: 'Make?', values: [{ key: '7', name: 'Ford' }] };
    const [ok, unknown, bad] = checkDefinitions([
      { service_code: 'pothole', attributes: [attr] },
      { service_code: 'nope', attributes: [] },
      { service_code: 'pothole', attributes: [{ ...attr, datatype: 'colour', order: 0 }] },
    ], codes);
    expect(ok!.value).toEqual({ service_code: 'pothole', attributes: [{ variable: true, code: 'MAKE', datatype: 'singlevaluelist', required: false, datatype_description: '', order: 2, description: 'Make?', values: [{ key: '7', name: 'Ford' }] }] });
    expect(unknown!.reason).toBe("no service 'nope' here or in this import (import its services list with it)");
    expect(bad!.reason).toMatch(/^service_code 'pothole' appears twice; attributes\[0\] \(MAKE\): datatype 'colour' is not one of .*, order '0' is not a positive whole number$/);
  });

  it('writes in-progress as open, keeps empty text empty, a null description null, and our id when there is no external one', () => {
    const row: ExportRow = {
      external_id: null, id: 'abc', status: 'in_progress', status_notes: '', service_name: 'Pothole', category: 'pothole', description: '',
      agency_responsible: null, service_notice: null, requested_at: new Date('2026-10-01T08:00:00Z'), updated_at: new Date('2026-10-02T08:00:00Z'),
      expected_at: null, address: null, address_id: null, zipcode: null, lat: null, lon: null, media_url: null, open311: { mediaEmpty: true },
    };
    expect(toOpen311Request(row)).toMatchObject({ service_request_id: 'abc', status: 'open', description: '', status_notes: '', media_url: '', lat: null, updated_datetime: '2026-10-02T08:00:00Z' });
    expect(toOpen311Request({ ...row, open311: { descriptionNull: true, absent: ['lat', 'long', 'address'] } })).not.toHaveProperty('lat');
    expect(toOpen311Request({ ...row, open311: { descriptionNull: true } }).description).toBeNull();
    // A written offset is kept while it names the same instant, and dropped once ours differs.
    const times = { requested_datetime: '2026-10-01T10:00:00+02:00', updated_datetime: '2026-10-01T10:00:00+02:00' };
    expect(toOpen311Request({ ...row, open311: { times } })).toMatchObject({ requested_datetime: '2026-10-01T10:00:00+02:00', updated_datetime: '2026-10-02T08:00:00Z' });
  });

  it('turns a media URL into attachment metadata', () => {
    expect(mediaAttachment('https://127.0.0.1/a%20b.JPG')).toEqual({ name: 'a b.JPG', mimeType: 'image/jpeg', bytes: 0, url: 'https://127.0.0.1/a%20b.JPG' });
    expect(mediaAttachment('https://127.0.0.1/report').mimeType).toBe('application/octet-stream');
    expect(mediaAttachment('https://127.0.0.1/a%E0%A4%A.jpg').name).toBe('a%E0%A4%A.jpg');
  });
});

describe('Open311 files', () => {
  it('tells JSON from XML by content and each kind by its root or shape', () => {
    expect(readOpen311File('a.txt', '<?xml version="1.0"?><services><service><service_code>001</service_code></service></services>')).toEqual(
      { name: 'a.txt', format: 'xml', parts: [{ kind: 'services', records: [{ service_code: '001' }] }] });
    expect(readOpen311File('b', '{"service_requests":[{"service_request_id":1}]}')).toMatchObject({ format: 'json', parts: [{ kind: 'requests' }] });
    expect(readOpen311File('c', '{"services":[],"definitions":[],"requests":[]}')).toMatchObject({ parts: [{ kind: 'services' }, { kind: 'definitions' }, { kind: 'requests' }] });
    expect(readOpen311File('d.xml', '<services><service></services>')).toEqual({ error: expect.stringMatching(/^d\.xml is not well-formed XML \(line 1, column \d+: /) });
    expect(readOpen311File('e.json', '{"x": 1')).toEqual({ error: expect.stringMatching(/^e\.json is neither XML nor valid JSON/) });
    expect(readOpen311File('f.xml', '<rss></rss>')).toEqual({ error: 'f.xml: an Open311 XML file starts with <services>, <service_definition> or <service_requests>, not <rss>.' });
    // Nothing from outside the file is read, and entities are not expanded into a bomb.
    const ext = '<?xml version="1.0"?><!DOCTYPE services [<!ENTITY x SYSTEM "file:///etc/passwd">]><services><service><service_name>&x;</service_name></service></services>';
    expect(readOpen311File('ext.xml', ext)).toEqual({ error: 'ext.xml could not be read as XML: External entities are not supported.' });
    let ents = '<!ENTITY a0 "xxxxxxxxxx">';
    for (let i = 1; i < 10; i++) ents += `<!ENTITY a${i} "${`&a${i - 1};`.repeat(10)}">`;
    const bomb = readOpen311File('bomb.xml', `<?xml version="1.0"?><!DOCTYPE services [${ents}]><services><service><service_name>&a9;</service_name></service></services>`);
    expect(JSON.stringify(bomb).length).toBeLessThan(500);
    expect(readOpen311File('g.xml', '<errors><error><code>403</code><description>Invalid api_key</description></error></errors>')).toEqual({ error: expect.stringMatching(/^g\.xml is an Open311 error response/) });
  });

  it('writes XML that reads back to the same text values, nulls as empty elements', () => {
    const data = {
      services: [{ service_code: '001', service_name: 'Cans & bins <out>', description: null, metadata: true, type: 'realtime' as const, keywords: 'a, b', group: null }],
      definitions: [{ service_code: '001', attributes: [{ variable: true, code: 'C', datatype: 'string' as const, required: false, datatype_description: null, order: 1, description: 'd' }] }],
      requests: [],
    };
    const files = open311Files(data, 'xml').files;
    expect(readOpen311File('s.xml', files[0]!.text)).toMatchObject({ parts: [{ kind: 'services', records: [{ service_code: '001', service_name: 'Cans & bins <out>', description: '', metadata: 'true', keywords: 'a, b', group: '' }] }] });
    const defs = readOpen311File('d.xml', files[1]!.text);
    expect(defs).toMatchObject({ parts: [{ kind: 'definitions', records: [{ service_code: '001', attributes: [{ code: 'C', order: '1', datatype_description: '' }] }] }] });
    expect(JSON.stringify(defs)).not.toContain('values');
    expect(readOpen311File('r.xml', files[2]!.text)).toMatchObject({ parts: [{ kind: 'requests', records: [] }] });
  });
});

describe('the browser call limit the renderer checks before sending', () => {
  it('is the host WebSocket server’s maxPayload', () => {
    const host = readFileSync(new URL('../host/server.ts', import.meta.url), 'utf8');
    const m = /maxPayload:\s*1\s*<<\s*(\d+)/.exec(host);
    expect(m, 'core/host/server.ts sets maxPayload as 1 << n; if that changed, change BROWSER_CALL_MAX_BYTES with it').not.toBeNull();
    expect(2 ** Number(m![1])).toBe(BROWSER_CALL_MAX_BYTES);
  });
});
