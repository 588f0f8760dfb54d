// Open311 GeoReport v2 on both engines: the specification's own examples in JSON and XML,
// a file with address-only and 0,0 requests, and one with every optional field, each
// imported and exported again field by field; the preview before anything is written.
import { afterEach, describe, expect, it } from 'vitest';
import type { Open311Request } from '../../core/contract/index.js';
import { readOpen311File, type ReadFile } from '../../core/city/open311-read.js';
import { testCore } from '../../core/testing.js';
import type { Db } from '../../db/index.js';
import { engines } from './engines.js';
import { DEFINITION_JSON, DEFINITION_XML, REQUESTS_JSON, REQUESTS_XML, SERVICES_JSON, SERVICES_XML } from './open311-spec.js';

/** The services the specification's requests and definition name (006, DMV66), which its service list leaves out. */
const OTHERS_JSON = JSON.stringify([
  { service_code: '006', service_name: 'Sidewalk and Curb Issues', description: null, metadata: false, type: 'realtime', keywords: null, group: null },
  { service_code: 'DMV66', service_name: 'Abandoned vehicle', description: '', metadata: true, type: 'batch', keywords: 'car,  truck ,van', group: 'vehicles' },
]);
const SPEC_IDS = ['638344', '638349'];

async function setup(db: Db) {
  const t = await testCore({ db });
  const [site] = await db.query<{ id: string }>("SELECT id FROM org.sites WHERE slug = 'lindenhof'");
  return { t, siteId: site!.id, api: await t.signedIn(['operator']) };
}

const records = (name: string, text: string) => {
  const read = readOpen311File(name, text) as ReadFile;
  expect(read).not.toHaveProperty('error');
  return read.parts.flatMap((p) => p.records);
};

for (const engine of engines()) {
  describe.skipIf(!engine.available)(`Open311 GeoReport v2 examples on ${engine.name}`, () => {
    let db: Db | null = null;
    afterEach(async () => db?.close());

    it('imports the specification’s JSON examples and exports them field by field; a second import is all unchanged', async () => {
      db = await engine.fresh();
      const { api, siteId } = await setup(db);
      const files = [
        { name: 'services.json', text: SERVICES_JSON }, { name: 'others.json', text: OTHERS_JSON },
        { name: 'DMV66.json', text: DEFINITION_JSON }, { name: 'requests.json', text: REQUESTS_JSON },
      ];
      // The examples are in San Francisco, thousands of km from the site: flagged, and imported once confirmed.
      const preview = await api.city.previewOpen311({ siteId, files });
      expect(preview.files.map((f) => [f.name, f.format, f.kind, f.records])).toEqual([
        ['services.json', 'json', 'services', 3], ['others.json', 'json', 'services', 2], ['DMV66.json', 'json', 'definitions', 1], ['requests.json', 'json', 'requests', 2]]);
      expect(preview.counts).toMatchObject({ service: { new: 5 }, definition: { new: 1 }, request: { new: 2 }, suspect: 2, needsLocation: 0 });
      expect(preview.records.filter((r) => r.suspect).map((r) => r.suspect)).toEqual([expect.stringMatching(/^8,\d{3} km from the site \(more than 50 km\)$/), expect.any(String)]);
      const result = await api.city.importOpen311({ siteId, files, confirm: SPEC_IDS });
      expect(result.counts).toMatchObject({ service: { new: 5 }, definition: { new: 1 }, request: { new: 2, refused: 0 }, suspectSkipped: 0 });

      const out = await api.city.exportOpen311({ siteId });
      expect(out.services).toEqual([...JSON.parse(SERVICES_JSON), ...JSON.parse(OTHERS_JSON)]);
      expect(out.definitions).toEqual([JSON.parse(DEFINITION_JSON)]);
      // Every field as the specification wrote it: numbers as numbers, -08:00 offsets, nulls, the media URL's trailing space.
      expect(out.requests).toEqual(JSON.parse(REQUESTS_JSON));
      const files2 = await api.city.exportOpen311Files({ siteId, format: 'json' });
      expect(JSON.parse(files2.files.find((f) => f.kind === 'requests')!.text)).toEqual(JSON.parse(REQUESTS_JSON));

      // The console's own export imported again: everything unchanged.
      const again = await api.city.previewOpen311({ siteId, files: files2.files.map((f) => ({ name: `${f.kind}.json`, text: f.text })) });
      expect(again.counts).toMatchObject({ service: { new: 0, changed: 0, unchanged: 5 }, definition: { new: 0, changed: 0, unchanged: 1 }, request: { new: 0, changed: 0, unchanged: 2 } });
      expect(again.records.every((r) => r.state === 'unchanged')).toBe(true);
    });

    it('imports the specification’s XML examples and exports XML that reads back to the same values', async () => {
      db = await engine.fresh();
      const { api, siteId } = await setup(db);
      const files = [
        { name: 'services.xml', text: SERVICES_XML }, { name: 'others.json', text: OTHERS_JSON },
        { name: 'DMV66.xml', text: DEFINITION_XML }, { name: 'requests.xml', text: REQUESTS_XML },
      ];
      const result = await api.city.importOpen311({ siteId, files, choice: 'all', confirm: SPEC_IDS });
      expect(result.counts).toMatchObject({ service: { new: 5 }, definition: { new: 1 }, request: { new: 2 } });
      const out = await api.city.exportOpen311Files({ siteId, format: 'xml' });
      const text = (kind: string) => out.files.find((f) => f.kind === kind)!.text;
      expect(text('requests')).toMatch(/^<\?xml version="1.0" encoding="utf-8"\?>\n<service_requests>/);
      // Field by field, as text: "001" and "006" keep their zeros, each offset stays -08:00, empty elements stay empty.
      const servicesBack = records('s.xml', text('services')) as Array<Record<string, unknown>>;
      expect(servicesBack.slice(0, 3)).toEqual(records('services.xml', SERVICES_XML));
      expect(records('d.xml', text('definitions'))).toEqual(records('DMV66.xml', DEFINITION_XML));
      expect(records('r.xml', text('requests'))).toEqual(records('requests.xml', REQUESTS_XML));
      // The same records as JSON: XML's text stays text (zipcode "94122"), nothing turned into null.
      const json = (await api.city.exportOpen311({ siteId })).requests;
      expect(json[0]).toMatchObject({ service_request_id: '638344', service_code: '006', description: '', status_notes: 'Duplicate request.', zipcode: '94122', address_id: '545483', requested_datetime: '2010-04-14T06:37:38-08:00', lat: 37.762221815, long: -122.4651145 });
      // And the XML export imported again changes nothing.
      const again = await api.city.previewOpen311({ siteId, files: out.files.map((f) => ({ name: `${f.kind}.xml`, text: f.text })) });
      expect(again.records.filter((r) => r.state !== 'unchanged')).toEqual([]);
      expect(again.counts.request.unchanged).toBe(2);
    });

    it('a file with address-only, 0,0 and far-away requests: previewed, the good ones imported, the audit says which choice', async () => {
      db = await engine.fresh();
      const { api, siteId } = await setup(db);
      const base = { status: 'open', service_code: '006', requested_datetime: '2026-10-01T08:00:00+02:00' };
      const file: Array<Record<string, unknown>> = [
        { ...base, service_request_id: 'near', lat: 51.4416, long: 5.4697, address: 'Hoogstraat 1' },
        { ...base, service_request_id: 'address-only', lat: null, long: null, address: 'Markt 1, Eindhoven', zipcode: '5611 EB' },
        { ...base, service_request_id: 'no-location-fields', address: 'Stationsplein' },
        { ...base, service_request_id: 'null-island', lat: 0, long: 0 },
        { ...base, service_request_id: 'far', lat: 41.9, long: 12.5 },
        { ...base, service_request_id: 'script', lat: 51.44, long: 5.47, media_url: 'javascript:alert(document.cookie)' },
      ];
      const files = [{ name: 'services.json', text: OTHERS_JSON }, { name: 'requests.json', text: JSON.stringify(file) }];
      const preview = await api.city.previewOpen311({ siteId, files });
      const rows = Object.fromEntries(preview.records.filter((r) => r.kind === 'request').map((r) => [r.key, r]));
      expect(rows['near']).toMatchObject({ state: 'new', suspect: null, needsLocation: false });
      expect(rows['address-only']).toMatchObject({ state: 'new', needsLocation: true, suspect: null });
      expect(rows['no-location-fields']).toMatchObject({ state: 'new', needsLocation: true });
      expect(rows['null-island']!.suspect).toBe('at exactly 0,0 (a missing location written as zeros?)');
      expect(rows['far']!.suspect).toMatch(/^1,\d{3} km from the site \(more than 50 km\)$/);
      expect(rows['script']).toMatchObject({ state: 'refused', reason: "media_url 'javascript:alert(document.cookie)' is not an http or https link (javascript: links are refused)" });
      expect(preview.counts.request).toEqual({ new: 5, changed: 0, unchanged: 0, refused: 1 });
      // The preview wrote nothing.
      const [none] = await db.query<{ n: string }>('SELECT count(*) AS n FROM city.service_requests');
      expect(none!.n).toBe('0');

      // All or nothing refuses: the script link and both suspect locations are named.
      const err = await api.city.importOpen311({ siteId, files, choice: 'all' }).catch((e: Error) => e);
      expect((err as Error).message).toMatch(/^The Open311 file was refused and nothing was imported \(3 problems\): requests\[5\] \(id 'script'\): media_url .*; requests\[3\] \(id 'null-island'\): at exactly 0,0 .*; confirm it to import it; requests\[4\] \(id 'far'\)/);

      // The good records: the refused one and the unconfirmed suspects are left out, 0,0 confirmed goes in.
      const result = await api.city.importOpen311({ siteId, files, choice: 'good', confirm: ['null-island'] });
      expect(result.counts).toMatchObject({ request: { new: 4, refused: 1 }, suspectSkipped: 1, needsLocation: 2 });
      const [audit] = await db.query<{ outcome: string; new_values: Record<string, unknown> }>(
        "SELECT outcome, new_values FROM audit.entries WHERE action = 'city.import_open311' ORDER BY seq DESC LIMIT 1");
      expect(audit).toMatchObject({ outcome: 'success', new_values: { choice: 'good', leftOut: ['requests[4] far', 'requests[5] script'], confirmedSuspect: ['null-island'] } });
      const [failed] = await db.query<{ outcome: string; reason: string }>("SELECT outcome, reason FROM audit.entries WHERE action = 'city.import_open311' AND outcome = 'failed'");
      expect(failed!.reason).toMatch(/^The Open311 file was refused/);

      // Address-only requests are listed as needing a location, have no point on the map, and can be placed (audited).
      const needing = await api.city.requests({ siteId, needsLocation: true });
      expect(needing.map((r) => r.externalId).sort()).toEqual(['address-only', 'no-location-fields']);
      expect(needing.find((r) => r.externalId === 'address-only')).toMatchObject({ lat: null, lon: null, address: 'Markt 1, Eindhoven', zipcode: '5611 EB' });
      const layer = await api.map.layers({ siteId, layers: ['requests'], bbox: { minLat: -90, minLon: -180, maxLat: 90, maxLon: 180 }, zoom: 18 });
      const [near] = await api.city.requests({ siteId, search: 'near' });
      expect(JSON.stringify(layer)).toContain(near!.id);
      for (const r of needing) expect(JSON.stringify(layer)).not.toContain(r.id);
      const placed = await api.city.placeRequest({ id: needing.find((r) => r.externalId === 'address-only')!.id, lat: 51.4381, lon: 5.4752 });
      expect(placed).toMatchObject({ lat: 51.4381, lon: 5.4752 });
      const [moved] = await db.query<{ old_values: unknown; new_values: unknown }>("SELECT old_values, new_values FROM audit.entries WHERE action = 'city.place_request'");
      expect(moved).toEqual({ old_values: { lat: null, lon: null }, new_values: { lat: 51.4381, lon: 5.4752 } });
      // The same file again keeps the place someone gave it, and the export still leaves out what the file left out.
      const again = await api.city.importOpen311({ siteId, files, choice: 'good', confirm: ['null-island'] });
      expect(again.counts.request).toMatchObject({ new: 0, changed: 0, unchanged: 4 });
      expect((await api.city.request({ id: placed.id })).request).toMatchObject({ lat: 51.4381, lon: 5.4752 });
      const out = (await api.city.exportOpen311({ siteId })).requests;
      expect(out.find((r) => r.service_request_id === 'no-location-fields')).toEqual({
        service_request_id: 'no-location-fields', status: 'open', service_name: 'Sidewalk and Curb Issues', service_code: '006', requested_datetime: '2026-10-01T08:00:00+02:00',
        updated_datetime: expect.any(String), address: 'Stationsplein',
      });
      expect(out.find((r) => r.service_request_id === 'null-island')).toMatchObject({ lat: 0, long: 0 });
    });

    it('a request with every optional field, and one with each text empty, round-trip exactly', async () => {
      db = await engine.fresh();
      const { api, siteId } = await setup(db);
      const full: Open311Request = {
        service_request_id: 'EHV-1', status: 'closed', status_notes: 'Replaced the lamp.', service_name: 'Sidewalk and Curb Issues', service_code: '006',
        description: 'Lamp post\nleaning', agency_responsible: 'Lighting', service_notice: 'Within 5 days', requested_datetime: '2026-10-01T09:30:00+02:00',
        updated_datetime: '2026-10-03T17:45:12.250+02:00', expected_datetime: '2026-10-08T00:00:00-05:00', address: 'Hoogstraat 13, Eindhoven',
        address_id: 'A-77', zipcode: '5615 PA', lat: 51.44287, long: 5.469369, media_url: 'https://127.0.0.1/311/lamp%201.jpg',
      };
      const empty: Open311Request = {
        ...full, service_request_id: 9, status: 'open', status_notes: '', description: '', agency_responsible: '', service_notice: '', address: '',
        address_id: 123, zipcode: 5615, media_url: '', expected_datetime: null, updated_datetime: '2026-10-02T00:00:00Z',
      };
      const files = [{ name: 'services.json', text: OTHERS_JSON }, { name: 'requests.json', text: JSON.stringify([full, empty]) }];
      await api.city.importOpen311({ siteId, files });
      const out = await api.city.exportOpen311({ siteId });
      expect(out.requests).toEqual([full, empty]);
      // The service named in the city's own words stays so, beside ours.
      const renamed = { ...full, service_request_id: 'EHV-2', service_name: 'Curb & sidewalk' };
      await api.city.importOpen311({ siteId, requests: [renamed] });
      expect((await api.city.exportOpen311({ siteId })).requests.find((r) => r.service_request_id === 'EHV-2')).toEqual(renamed);
      expect(out.services[1]).toEqual(JSON.parse(OTHERS_JSON)[1]);
      expect((await api.city.previewOpen311({ siteId, files })).counts.request).toEqual({ new: 0, changed: 0, unchanged: 2, refused: 0 });
      expect((await api.city.previewOpen311({ siteId, requests: [renamed] })).counts.request.unchanged).toBe(1);
      // A change made here is exported in UTC; the instant the source wrote is never rewritten as if unchanged.
      const [mine] = await api.city.requests({ siteId, search: 'EHV-1' });
      await api.city.setRequestStatus({ id: mine!.id, status: 'open', publicMessage: 'Leaning again.' });
      const after = (await api.city.exportOpen311({ siteId })).requests.find((r) => r.service_request_id === 'EHV-1')!;
      expect(after).toMatchObject({ status: 'open', status_notes: 'Leaning again.', requested_datetime: '2026-10-01T09:30:00+02:00', updated_datetime: expect.stringMatching(/Z$/) });
      expect(Date.parse(after.updated_datetime!)).toBeGreaterThan(Date.parse(full.updated_datetime!));
    });
  });
}
