// Input that makes sense, on both engines: incident categories from a list, places further
// than the site's radius asking for confirmation (incidents, service requests, reports),
// notes to resolve or close an incident. Each refusal names its field and writes nothing.
import { afterEach, describe, expect, it } from 'vitest';
import { upsertAlert } from '../../core/ops/alerts.js';
import { cityFixture, HERE } from './city-fixture.js';
import { engines } from './engines.js';

type F = Awaited<ReturnType<typeof cityFixture>>;

/** The refusal's field and sentence, as the form shows them. */
async function refusal(call: Promise<unknown>): Promise<[string, string][]> {
  const err = (await call.then(() => null, (e: unknown) => e)) as { cause?: { issues?: { path: (string | number)[]; message: string }[] } } | null;
  return err?.cause?.issues?.map((i) => [i.path.join('.'), i.message]) ?? [];
}

const SYDNEY = { lat: -33.8688, lon: 151.2093 };

for (const engine of engines()) {
  describe.skipIf(!engine.available)(`input that makes sense on ${engine.name}`, () => {
    let f: F | null = null;
    afterEach(async () => {
      await f?.t.core.stop();
      await f?.t.db.close();
      f = null;
    });

    it('takes incident categories from the list only, and an alert’s incident starts with the category of what happened', async () => {
      f = await cityFixture(await engine.fresh());
      const { op, siteId, t } = f;
      const base = { siteId, type: 'fall', priority: 2, title: 'Fall in the garden', needs: [] };
      expect(await refusal(op.ops.createIncident({ ...base, category: 'x' as never }))).toEqual([['category', expect.stringMatching(/^choose a category from the list: medical, fall/)]]);
      expect(await refusal(op.ops.createIncident({ ...base, category: 'fire-panel' as never }))).toHaveLength(1);
      await expect(t.db.query("INSERT INTO ops.incidents (site_id, incident_number, type, category, title) VALUES ($1, 'X-1', 'fall', 'f', 'Fall')", [siteId]))
        .rejects.toThrow(/incidents_category_listed/);
      expect(await op.ops.createIncident({ ...base, category: 'fall' })).toMatchObject({ category: 'fall' });
      const { id } = await upsertAlert(t.db, { siteId, source: 'fire-panel', externalId: 'z1', type: 'smoke', severity: 2, title: 'Smoke', occurredAt: t.clock.now(), receivedAt: t.clock.now() });
      expect(await op.ops.convertAlert({ id })).toMatchObject({ category: 'fire' });
    });

    it('asks for confirmation of a place further than the site’s radius, for incidents, service requests and reports', async () => {
      f = await cityFixture(await engine.fresh());
      const { op, siteId, t } = f;
      const [site] = (await op.org.sites()).filter((s) => s.id === siteId);
      expect(site!.radiusKm).toBe(10);
      const incident = { siteId, type: 'fall', category: 'fall' as const, priority: 2, title: 'Fall', needs: [], location: SYDNEY };
      expect(await refusal(op.ops.createIncident(incident))).toEqual([['confirmFar', expect.stringMatching(/^This place is 16,\d{3} km from Lindenhof Care Campus, further than its 10 km: confirm it is right\.$/)]]);
      expect(await refusal(op.city.createRequest({ siteId, category: 'pothole', ...SYDNEY }))).toEqual([['confirmFar', expect.stringMatching(/km from Lindenhof/)]]);
      expect(await refusal(op.city.createReport({ siteId, reportType: 'parks', title: 'Broken bench', description: 'x', ...SYDNEY }))).toEqual([['confirmFar', expect.any(String)]]);
      const counts = async () => (await t.db.query<{ n: string }>('SELECT (SELECT count(*) FROM ops.incidents) + (SELECT count(*) FROM city.service_requests) + (SELECT count(*) FROM city.public_reports) AS n'))[0]!.n;
      expect(Number(await counts())).toBe(0);
      // Near the site, or confirmed: accepted.
      expect(await op.ops.createIncident({ ...incident, location: HERE })).toMatchObject({ lat: HERE.lat });
      expect(await op.ops.createIncident({ ...incident, confirmFar: true })).toMatchObject({ lat: SYDNEY.lat });
      expect(await op.city.createRequest({ siteId, category: 'pothole', ...SYDNEY, confirmFar: true })).toMatchObject({ lat: SYDNEY.lat });
      // The radius is the site's own.
      await t.db.query('UPDATE org.sites SET radius_km = 20000 WHERE id = $1', [siteId]);
      expect(await op.city.createRequest({ siteId, category: 'pothole', ...SYDNEY })).toMatchObject({ lat: SYDNEY.lat });
    });

    it('needs notes to resolve or close an incident, named as the reason field', async () => {
      f = await cityFixture(await engine.fresh());
      const { op, siteId, t } = f;
      const i = await op.ops.createIncident({ siteId, type: 'fall', category: 'fall', priority: 2, title: 'Fall', needs: [] });
      for (const s of ['assigned', 'en_route', 'on_scene']) await t.db.query('UPDATE ops.incidents SET status = $2 WHERE id = $1', [i.id, s]);
      const { incident } = await op.ops.incident({ id: i.id });
      const notes = /^Say what was done before the incident is resolved: notes of at least 3 characters\.$/;
      expect(await refusal(op.ops.setIncidentStatus({ id: i.id, status: 'resolved', version: incident.version }))).toEqual([['reason', expect.stringMatching(notes)]]);
      expect(await refusal(op.ops.setIncidentStatus({ id: i.id, status: 'resolved', version: incident.version, reason: ' ok ' }))).toHaveLength(1);
      const resolved = await op.ops.setIncidentStatus({ id: i.id, status: 'resolved', version: incident.version, reason: 'Helped up, no injury' });
      expect(await refusal(op.ops.setIncidentStatus({ id: i.id, status: 'closed', version: resolved.version }))).toEqual([['reason', expect.stringMatching(/before the incident is closed/)]]);
      expect(await op.ops.setIncidentStatus({ id: i.id, status: 'closed', version: resolved.version, reason: 'Family informed' })).toMatchObject({ status: 'closed' });
      const { timeline } = await op.ops.incident({ id: i.id });
      expect(timeline.filter((e) => e.kind === 'status').map((e) => e.body)).toEqual(['Helped up, no injury', 'Family informed']);
    });
  });
}
