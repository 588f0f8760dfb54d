// Open311 GeoReport v2 on both engines: a municipality's services and requests imported
// and exported again unchanged; a bad file refused whole, naming each bad record.
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { Open311Request } from '../../core/contract/index.js';
import { testCore } from '../../core/testing.js';
import type { Db } from '../../db/index.js';
import { engines } from './engines.js';

const sample = (name: string) => JSON.parse(readFileSync(new URL(`../../resources/open311/${name}`, import.meta.url), 'utf8')) as unknown[];
const services = sample('sample-services.json');
const requests = sample('sample-requests.json') as Open311Request[];

async function setup(db: Db) {
  const t = await testCore({ db });
  const [site] = await db.query<{ id: string }>("SELECT id FROM org.sites WHERE slug = 'lindenhof'");
  return { t, siteId: site!.id, api: await t.signedIn(['operator']) };
}

for (const engine of engines()) {
  describe.skipIf(!engine.available)(`Open311 import and export on ${engine.name}`, () => {
    let db: Db | null = null;
    afterEach(async () => db?.close());

    it('round-trips a realistic file: import then export gives back the same services and requests', async () => {
      db = await engine.fresh();
      const { api, siteId } = await setup(db);
      expect(requests).toHaveLength(20);
      const result = await api.city.importOpen311({ siteId, services, requests });
      expect(result.choice).toBe('all');
      expect(result.counts).toMatchObject({ service: { new: 8, changed: 0, unchanged: 0, refused: 0 }, request: { new: 20, changed: 0, unchanged: 0, refused: 0 } });
      const out = await api.city.exportOpen311({ siteId });
      expect(out.services).toEqual(services);
      expect(out.requests).toEqual(requests);
      // Again: nothing changes, not even updated_datetime; services and requests count as unchanged.
      const again = await api.city.importOpen311({ siteId, services, requests });
      expect(again.counts).toMatchObject({ service: { new: 0, changed: 0, unchanged: 8 }, request: { new: 0, changed: 0, unchanged: 20 } });
      expect((await api.city.exportOpen311({ siteId })).requests).toEqual(requests);
      // Status notes and media arrive where the console shows them.
      const [closed] = await api.city.requests({ siteId, search: 'EHV-638340' });
      expect(closed).toMatchObject({ status: 'closed', statusNotes: 'Filled with cold asphalt; permanent repair scheduled.', externalId: 'EHV-638340' });
      expect(closed!.attachments).toEqual([{ name: 'pothole-1.jpg', mimeType: 'image/jpeg', bytes: 0, url: 'https://media.example.org/311/pothole-1.jpg' }]);
      const { timeline } = await api.city.request({ id: closed!.id });
      expect(timeline.map((e) => e.kind)).toEqual(['imported']);
    });

    it('refuses a file with missing fields, unknown services, bad coordinates or dates, naming each record; nothing is written', async () => {
      db = await engine.fresh();
      const { api, siteId } = await setup(db);
      const bad = structuredClone(requests.slice(0, 6)) as unknown as Array<Record<string, unknown>>;
      delete bad[1]!.requested_datetime;
      bad[2]!.service_code = 'unicorns';
      bad[3]!.lat = 123.4;
      bad[4]!.updated_datetime = 'yesterday';
      delete bad[5]!.service_request_id;
      const err = await api.city.importOpen311({ siteId, services, requests: bad }).catch((e: Error) => e);
      expect(err).toBeInstanceOf(Error);
      const msg = (err as Error).message;
      expect(msg).toMatch(/^The Open311 file was refused and nothing was imported \(5 problems\)/);
      expect(msg).toContain("requests[1] (id 'EHV-638341'): missing requested_datetime");
      expect(msg).toContain("requests[2] (id 'EHV-638342'): unknown service_code 'unicorns' (known: broken_bench, fallen_tree, flooding, graffiti, litter, noise, pothole, streetlight)");
      expect(msg).toContain("requests[3] (id 'EHV-638344'): lat '123.4' is not a coordinate between -90 and 90");
      expect(msg).toContain("requests[4] (id 'EHV-638343'): updated_datetime 'yesterday' is not an ISO 8601 date and time with a zone");
      expect(msg).toContain('requests[5]: missing service_request_id');
      const badServices = [...services, { service_code: 'has space', service_name: '' }];
      await expect(api.city.importOpen311({ siteId, services: badServices, requests: [] })).rejects.toThrow(
        /services\[8\] \(has space\): service_code 'has space' may hold 1–64 letters, digits, dots, dashes or underscores only; missing service_name/);
      // Not even the good services or the good first request were written.
      const [n] = await db.query<{ s: string; r: string }>('SELECT (SELECT count(*) FROM city.services) AS s, (SELECT count(*) FROM city.service_requests) AS r');
      expect(n).toEqual({ s: '0', r: '0' });
      const [audit] = await db.query<{ outcome: string; reason: string }>("SELECT outcome, reason FROM audit.entries WHERE action = 'city.import_open311' ORDER BY seq DESC LIMIT 1");
      expect(audit).toMatchObject({ outcome: 'failed', reason: expect.stringMatching(/^The Open311 file was refused/) });
    });

    it('upserts by service_request_id: open keeps our in-progress, closed closes, notes kept; internal notes never exported', async () => {
      db = await engine.fresh();
      const { t, api, siteId } = await setup(db);
      await api.city.importOpen311({ siteId, services, requests });
      const [open] = await api.city.requests({ siteId, search: 'EHV-638341' });
      await api.city.setRequestStatus({ id: open!.id, status: 'in_progress', publicMessage: 'Crew sent.', internalNote: 'SECRET-NOTE ask Jan for the lift key' });
      let out = await api.city.exportOpen311({ siteId });
      expect(JSON.stringify(out)).not.toContain('SECRET-NOTE');
      const mine = out.requests.find((r) => r.service_request_id === 'EHV-638341')!;
      expect(mine).toMatchObject({ status: 'open', status_notes: 'Crew sent.' });
      // The municipality sends the same request still open and without notes: ours stays in progress, our notes stay.
      expect(requests[1]!.status_notes).toBeNull();
      await api.city.importOpen311({ siteId, requests: [{ ...requests[1], updated_datetime: '2026-10-05T08:00:00Z' }] });
      expect((await api.city.request({ id: open!.id })).request).toMatchObject({ status: 'in_progress', statusNotes: 'Crew sent.' });
      // Then closed with its notes.
      const res = await api.city.importOpen311({ siteId, requests: [{ ...requests[1], status: 'closed', status_notes: 'Lamp replaced.', updated_datetime: '2026-10-06T08:00:00Z' }] });
      expect(res.counts.request).toEqual({ new: 0, changed: 1, unchanged: 0, refused: 0 });
      const { request, timeline } = await api.city.request({ id: open!.id });
      expect(request).toMatchObject({ status: 'closed', statusNotes: 'Lamp replaced.', closedAt: '2026-10-06T08:00:00.000Z' });
      expect(timeline.filter((e) => e.kind === 'status').map((e) => e.details)).toEqual([
        { from: 'open', to: 'in_progress' }, { from: 'in_progress', to: 'closed', source: 'open311' }]);
      out = await api.city.exportOpen311({ siteId });
      expect(out.requests.find((r) => r.service_request_id === 'EHV-638341')).toMatchObject({ status: 'closed', status_notes: 'Lamp replaced.', updated_datetime: '2026-10-06T08:00:00Z' });
      expect(JSON.stringify(out)).not.toContain('SECRET-NOTE');
      // A viewer may export (city:read) but not import.
      const viewer = await t.signedIn(['viewer']);
      await expect(viewer.city.importOpen311({ siteId, requests })).rejects.toThrow(/needs the city:manage permission/);
    });
  });
}
