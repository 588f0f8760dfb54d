// Maintenance and support tickets on both engines: links checked against the site,
// assignees who may handle tickets, resolution notes to resolve or close, an internal
// timeline, filters and search, and the permissions.
import { afterEach, describe, expect, it } from 'vitest';
import type { Db } from '../../db/index.js';
import { cityFixture, HERE } from './city-fixture.js';
import { engines } from './engines.js';

for (const engine of engines()) {
  describe.skipIf(!engine.available)(`tickets on ${engine.name}`, () => {
    let db: Db | null = null;
    afterEach(async () => db?.close());

    async function setup(d: Db) {
      const f = await cityFixture(d);
      const tech = await f.t.signedIn(['maintenance'], 'tech@site.test');
      const [techUser] = await d.query<{ id: string }>("SELECT id FROM iam.users WHERE email = 'tech@site.test'");
      const [viewerUser] = await d.query<{ id: string }>("SELECT id FROM iam.users WHERE email = 'viewer@site.test'");
      return { ...f, tech, techId: techUser!.id, viewerId: viewerUser!.id };
    }

    it('creates tickets linked to something of the same site only, and assigns people who handle tickets', async () => {
      db = await engine.fresh();
      const { siteId, otherSiteId, op, tech, techId, viewerId, viewer } = await setup(db);
      const asset = await op.city.createAsset({ siteId, type: 'facility', name: 'Lift B', ...HERE });
      const t = await tech.tickets.create({ siteId, subject: 'Lift B stuck', description: 'Between floors 2 and 3', priority: 'urgent', link: { type: 'asset', id: asset.id }, assigneeId: techId });
      expect(t).toMatchObject({ status: 'open', priority: 'urgent', kind: 'maintenance', assignee: 'tech@site.test', createdBy: 'tech@site.test', link: { type: 'asset', id: asset.id, label: 'Lift B' } });
      const missing = '0190a4a4-0000-7000-8000-00000000abcd';
      await expect(tech.tickets.create({ siteId, subject: 'X', description: '', link: { type: 'incident', id: missing } })).rejects.toThrow('The linked incident does not exist.');
      const far = await op.city.createRequest({ siteId: otherSiteId, category: 'pothole', lat: 51.9, lon: 4.4 });
      await expect(tech.tickets.create({ siteId, subject: 'X', description: '', link: { type: 'service_request', id: far.id } })).rejects.toThrow('The linked service request belongs to another site.');
      await expect(tech.tickets.create({ siteId, subject: 'X', description: '', assigneeId: viewerId })).rejects.toThrow('viewer@site.test may not handle tickets (no tickets:manage permission).');
      const [v] = await db.query<{ id: string }>("INSERT INTO fleet.vehicles (manufacturer, serial_number, name, site_id) VALUES ('T', 'agv-7', 'AGV 7', $1) RETURNING id", [siteId]);
      const vt = await tech.tickets.create({ siteId, kind: 'support', subject: 'AGV 7 battery drains fast', description: '', link: { type: 'vehicle', id: v!.id } });
      expect(vt.link).toEqual({ type: 'vehicle', id: v!.id, label: 'AGV 7' });
      expect(vt.assignee).toBeNull();
      const assigned = await op.tickets.assign({ id: vt.id, assigneeId: techId });
      expect(assigned.assignee).toBe('tech@site.test');
      await expect(op.tickets.assign({ id: vt.id, assigneeId: techId })).rejects.toThrow('The ticket is already assigned to tech@site.test.');
      expect((await op.tickets.assign({ id: vt.id, assigneeId: null })).assignee).toBeNull();
      // Readers read; only tickets:manage changes.
      expect((await viewer.tickets.list({ siteId })).length).toBe(2);
      await expect(viewer.tickets.create({ siteId, subject: 'X', description: '' })).rejects.toThrow(/needs the tickets:manage permission/);
      const none = await db.query('SELECT 1 FROM ops.tickets WHERE subject = $1', ['X']);
      expect(none).toEqual([]);
    });

    it('needs resolution notes to resolve or close, follows the machine, and keeps an internal timeline', async () => {
      db = await engine.fresh();
      const { siteId, tech, viewer } = await setup(db);
      const t = await tech.tickets.create({ siteId, subject: 'Door sensor flaky', description: 'Reports open when closed', priority: 'low' });
      await expect(tech.tickets.setStatus({ id: t.id, status: 'resolved' })).rejects.toThrow('A ticket needs resolution notes to be resolved: say what was done.');
      await tech.tickets.setStatus({ id: t.id, status: 'in_progress', comment: 'Ordered a new sensor' });
      const resolved = await tech.tickets.setStatus({ id: t.id, status: 'resolved', resolutionNotes: 'Sensor replaced' });
      expect(resolved).toMatchObject({ status: 'resolved', resolutionNotes: 'Sensor replaced', resolvedAt: '2026-11-22T10:00:00.000Z' });
      await expect(tech.tickets.setStatus({ id: t.id, status: 'open' })).rejects.toThrow('A ticket cannot go from resolved to open: from resolved it can go to closed or in progress.');
      const closed = await tech.tickets.setStatus({ id: t.id, status: 'closed' }); // the notes from resolving are enough
      expect(closed).toMatchObject({ status: 'closed', closedAt: '2026-11-22T10:00:00.000Z' });
      await expect(tech.tickets.setStatus({ id: t.id, status: 'in_progress' })).rejects.toThrow('A ticket cannot go from closed to in progress: closed is final.');
      await expect(tech.tickets.setStatus({ id: t.id, status: 'closed', version: 1 })).rejects.toThrow(/changed since you loaded it/);
      const direct = await tech.tickets.create({ siteId, subject: 'Duplicate of door sensor', description: '' });
      await expect(tech.tickets.setStatus({ id: direct.id, status: 'closed', resolutionNotes: '   ' })).rejects.toThrow(/needs resolution notes to be closed/);
      const { timeline } = await viewer.tickets.get({ id: t.id });
      expect(timeline.map((e) => e.kind)).toEqual(['created', 'status', 'comment', 'status', 'status']);
      expect(timeline.every((e) => e.visibility === 'internal')).toBe(true);
      expect(timeline[3]).toMatchObject({ body: 'Sensor replaced', details: { from: 'in_progress', to: 'resolved' } });
    });

    it('lists open tickets most urgent first, filters by status, priority, assignee and text', async () => {
      db = await engine.fresh();
      const { siteId, tech, techId } = await setup(db);
      const low = await tech.tickets.create({ siteId, subject: 'Repaint bench', description: 'Peeling paint', priority: 'low' });
      const urgent = await tech.tickets.create({ siteId, subject: 'Gate will not open', description: 'Ambulance access blocked', priority: 'urgent', assigneeId: techId });
      const done = await tech.tickets.create({ siteId, subject: 'Replace bulb', description: '', priority: 'urgent' });
      await tech.tickets.setStatus({ id: done.id, status: 'closed', resolutionNotes: 'Done' });
      const ids = async (f: Parameters<typeof tech.tickets.list>[0]) => (await tech.tickets.list({ siteId, ...f })).map((x) => x.id);
      expect(await ids({})).toEqual([urgent.id, low.id, done.id]);
      expect(await ids({ statuses: ['open'] })).toEqual([urgent.id, low.id]);
      expect(await ids({ priorities: ['low'] })).toEqual([low.id]);
      expect(await ids({ assigneeId: techId })).toEqual([urgent.id]);
      expect(await ids({ search: 'ambulance' })).toEqual([urgent.id]);
      expect(await ids({ search: 'paint' })).toEqual([low.id]);
    });
  });
}
