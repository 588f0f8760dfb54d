import { describe, expect, it } from 'vitest';
import { exportFileName, readGeoReport, refusalList } from './city-open311.js';

describe('Open311 files in the renderer', () => {
  it('reads a bare GeoReport v2 array, or one wrapped by the server', () => {
    expect(readGeoReport('[{"service_request_id":"1"}]', 'requests', 'r.json')).toEqual({ records: [{ service_request_id: '1' }] });
    expect(readGeoReport('{"service_requests":[{"a":1}]}', 'requests', 'r.json')).toEqual({ records: [{ a: 1 }] });
    expect(readGeoReport('{"services":[]}', 'services', 's.json')).toEqual({ records: [] });
  });

  it('refuses what is not JSON, or not a list, naming the file', () => {
    const notJson = readGeoReport('<xml/>', 'requests', 'feed.xml');
    expect('error' in notJson && notJson.error).toMatch(/^feed\.xml is not JSON \(/);
    const notList = readGeoReport('{"requests": 3}', 'requests', 'r.json');
    expect('error' in notList && notList.error).toBe('r.json does not hold a list of service requests: a GeoReport v2 file is a JSON array of service requests (or { "service_requests": [...] }).');
    expect('error' in readGeoReport('{"service_requests":[]}', 'services', 's.json')).toBe(true);
  });

  it('splits core’s refusal into one line per bad record', () => {
    const r = refusalList("The Open311 file was refused, nothing was imported: requests[0] (id '1'): missing lat (a request needs a location); missing long; requests[3] (id '9'): unknown service_code 'x' (known: a, b).");
    expect(r.head).toBe('The Open311 file was refused, nothing was imported');
    expect(r.items).toEqual([
      "requests[0] (id '1'): missing lat (a request needs a location); missing long",
      "requests[3] (id '9'): unknown service_code 'x' (known: a, b)",
    ]);
    expect(refusalList('Head:\nrequests[0]: bad\nservices[1]: worse')).toEqual({ head: 'Head:', items: ['requests[0]: bad', 'services[1]: worse'] });
    expect(refusalList('No such site.')).toEqual({ head: 'No such site.', items: [] });
  });

  it('names an export by site and day', () => {
    expect(exportFileName('lindenhof', new Date('2026-11-22T08:00:00Z'))).toBe('open311-lindenhof-2026-11-22.json');
  });
});
