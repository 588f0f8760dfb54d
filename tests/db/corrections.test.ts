// Cases corrected after the fact, on both engines: a priority change goes on the timeline
// (incidents, reports, requests' case timelines; a mission's own), other fields as a
// correction; stale copies, closed cases, a field the type lacks and a parent circle are refused.
import { afterEach, describe, expect, it } from 'vitest';
import { placeRefusal } from '../../core/contract/index.js';
import { importSiteGraphs } from '../../core/org/site-graphs.js';
import { testCore } from '../../core/testing.js';
import { engines } from './engines.js';

type T = Awaited<ReturnType<typeof testCore>>;

for (const engine of engines()) {
  describe.skipIf(!engine.available)(`case corrections on ${engine.name}`, () => {
    let t: T | null = null;
    afterEach(async () => {
      await t?.core.stop();
      await t?.db.close();
      t = null;
    });

    it('puts a priority change on the timeline of incidents, reports and missions; refuses stale copies, closed cases and circles', async () => {
      t = await testCore({ db: await engine.fresh() });
      await importSiteGraphs(t.db);
      const admin = await t.signedIn(['admin'], 'admin@site.test');
      const viewer = await t.signedIn(['viewer']);
      const [site] = await t.db.query<{ id: string; lat: number; lon: number }>("SELECT id, lat, lon FROM org.sites WHERE slug = 'lindenhof'");
      const near = { lat: site!.lat + 0.001, lon: site!.lon + 0.001 };
      const inc = await admin.ops.createIncident({ siteId: site!.id, type: 'fall', category: 'medical', priority: 3, title: 'Fall in the garden', location: near });

      // Priority 3 → 1, on the timeline with who and from/to.
      const fixed = await admin.cases.correctIncident({ id: inc.id, version: inc.version, priority: 1, reason: 'resident unconscious' });
      expect(fixed.changed).toEqual(['priority']);
      const { timeline, incident } = await admin.ops.incident({ id: inc.id });
      expect(incident.priority).toBe(1);
      expect(timeline.find((e) => e.kind === 'priority')).toMatchObject({ details: { from: 3, to: 1, reason: 'resident unconscious' } });
      // Title, category and location are a correction on the timeline, not a priority change.
      await admin.cases.correctIncident({ id: inc.id, version: fixed.version, title: 'Fall near the pond', location: { lat: near.lat + 0.0005, lon: near.lon } });
      const after = await admin.ops.incident({ id: inc.id });
      expect(after.incident.title).toBe('Fall near the pond');
      expect(after.timeline.filter((e) => e.kind === 'priority')).toHaveLength(1);
      expect(after.timeline.find((e) => e.kind === 'corrected')).toMatchObject({ details: { from: { title: 'Fall in the garden' }, to: { title: 'Fall near the pond' } } });
      // An old copy is refused, saying who changed it; nothing is written.
      await expect(admin.cases.correctIncident({ id: inc.id, version: inc.version, priority: 5 })).rejects.toThrow(/changed since you loaded it: admin@site.test did "correct incident"/);
      expect((await admin.ops.incident({ id: inc.id })).incident.priority).toBe(1);
      await expect(admin.cases.correctIncident({ id: inc.id, version: after.incident.version, priority: 9 })).rejects.toThrow(/priority runs from 1 to 5/);
      await expect(viewer.cases.correctIncident({ id: inc.id, version: after.incident.version, priority: 2 })).rejects.toThrow(/incidents:manage/);
      // Parent: a child of this incident cannot become its parent.
      const child = await admin.ops.createIncident({ siteId: site!.id, type: 'fall', category: 'medical', priority: 3, title: 'Second fall', location: near, parentId: inc.id });
      await expect(admin.cases.correctIncident({ id: inc.id, version: after.incident.version, parentId: child.id })).rejects.toThrow(/part of itself or of one of its own parts/);

      // A report: priority on its timeline, category checked.
      const rep = await admin.city.createReport({ siteId: site!.id, reportType: 'road', title: 'Pothole', description: 'deep', ...near });
      const repDetail = async () => admin.city.report({ id: rep.id });
      const r1 = (await repDetail()) as unknown as { report: { version: number }; timeline: { kind: string; details: Record<string, unknown> }[] };
      await expect(admin.cases.correctReport({ id: rep.id, version: r1.report.version, category: 'volcano' })).rejects.toThrow(/category is one of road/);
      await admin.cases.correctReport({ id: rep.id, version: r1.report.version, priority: 'urgent', category: 'water' });
      const r2 = (await repDetail()) as unknown as { report: { priority: string; reportType: string }; timeline: { kind: string; details: Record<string, unknown> }[] };
      expect(r2.report).toMatchObject({ priority: 'urgent', reportType: 'water' });
      expect(r2.timeline.find((e) => e.kind === 'priority')).toMatchObject({ details: { from: 'medium', to: 'urgent' } });
      // A service request's category is one of its site's services, as when it was made.
      for (const code of ['pothole', 'litter']) await t.db.query("INSERT INTO city.services (site_id, service_code, service_name) VALUES ($1, $2, $2)", [site!.id, code]);
      const req = await admin.city.createRequest({ siteId: site!.id, category: 'pothole', description: 'deep', ...near });
      await expect(admin.cases.correctRequest({ id: req.id, version: req.version, category: 'volcano' })).rejects.toThrow("'volcano' is not a service of this site; choose one of: litter, pothole.");
      await admin.cases.correctRequest({ id: req.id, version: req.version, category: 'litter' });
      expect((await admin.city.request({ id: req.id })).request.category).toBe('litter');
      // A mission: its priority, and while it waits its places; each change is on the mission's own timeline.
      const nurse = await t.signedIn(['nurse']);
      const res = await nurse.residents.create({ siteId: site!.id, firstName: 'Ada', lastName: 'Visser', dateOfBirth: '1941-03-02', wheelchairType: 'manual',
        requiresAssistance: false, preferredLanguage: 'nl', consent: true });
      const all = await admin.missions.places({ siteId: site!.id });
      const [a, b, c] = all.filter((p) => !placeRefusal(p, 'pick-up'));
      const dock = all.find((p) => placeRefusal(p, 'pick-up'))!;
      const m = await admin.missions.create({ residentId: res.id, pickupNode: a!.nodeId, dropoffNode: b!.nodeId, priority: 'normal' });
      await expect(admin.cases.correctMission({ id: m.id, version: m.version, title: 'x' })).rejects.toThrow(/a mission has no title/);
      await admin.cases.correctMission({ id: m.id, version: m.version, priority: 'urgent' });
      let md = await admin.missions.get({ id: m.id });
      expect(md.mission.priority).toBe('urgent');
      expect(md.timeline.find((e) => e.type === 'priority')).toMatchObject({ details: { from: 'normal', to: 'urgent' } });
      // While it waits, its pick-up can be corrected, on its timeline; a dock, or the drop-off itself, is refused in words.
      await expect(admin.cases.correctMission({ id: m.id, version: md.mission.version, pickupNode: dock.nodeId })).rejects.toThrow(placeRefusal(dock, 'pick-up')!);
      await expect(admin.cases.correctMission({ id: m.id, version: md.mission.version, pickupNode: b!.nodeId })).rejects.toThrow('The drop-off is the pick-up: choose another place.');
      await expect(admin.cases.correctMission({ id: m.id, version: md.mission.version, dropoffNode: 'atlantis' })).rejects.toThrow(/not a place on this floor's map/);
      await admin.cases.correctMission({ id: m.id, version: md.mission.version, pickupNode: c!.nodeId, reason: 'resident moved rooms' });
      md = await admin.missions.get({ id: m.id });
      expect(md.mission.pickupNode).toBe(c!.nodeId);
      expect(md.timeline.find((e) => e.type === 'corrected')).toMatchObject({ details: { from: { pickup: a!.name }, to: { pickup: c!.name }, reason: 'resident moved rooms' } });
      await admin.missions.cancel({ missionId: m.id, reason: 'not needed' });
      await expect(admin.cases.correctMission({ id: m.id, version: md.mission.version + 1, priority: 'low' })).rejects.toThrow(/no longer corrected/);
    });

    it('edits a saved announcement and an asset from the copy loaded, and offers tickets to anyone holding tickets:manage', async () => {
      t = await testCore({ db: await engine.fresh() });
      const admin = await t.signedIn(['admin'], 'admin@site.test');
      const tech = await t.signedIn(['maintenance'], 'tech@site.test');
      await t.signedIn(['nurse'], 'nurse@site.test');
      const [site] = await t.db.query<{ id: string; lat: number; lon: number }>("SELECT id, lat, lon FROM org.sites WHERE slug = 'lindenhof'");
      const center = { lat: site!.lat, lon: site!.lon };
      const draft = { siteId: site!.id, title: 'Road closed', type: 'road_closure' as const, area: { type: 'circle' as const, center, radiusM: 100 }, startsAt: '2026-11-23T08:00:00Z' };
      const a = await admin.city.createAnnouncement(draft);
      const edited = await admin.city.updateAnnouncement({ id: a.id, loadedAt: a.updatedAt, announcement: { ...draft, title: 'Road closed until noon', area: { ...draft.area, radiusM: 250 } } });
      expect(edited).toMatchObject({ title: 'Road closed until noon', area: { radiusM: 250 }, status: 'draft' });
      await expect(admin.city.updateAnnouncement({ id: a.id, loadedAt: a.updatedAt, announcement: draft })).rejects.toThrow(/changed since you loaded it: admin@site.test did "update announcement"/);

      const asset = await admin.city.createAsset({ siteId: site!.id, type: 'facility', name: 'Bench 4', lat: center.lat, lon: center.lon });
      const moved = await admin.city.updateAsset({ id: asset.id, loadedAt: asset.updatedAt, type: 'park', name: 'Bench 4 (garden)', lat: center.lat + 0.001, lon: center.lon });
      expect(moved).toMatchObject({ name: 'Bench 4 (garden)', type: 'park', lat: center.lat + 0.001 });
      await expect(admin.city.updateAsset({ id: asset.id, loadedAt: asset.updatedAt, type: 'park', name: 'x', lat: 0, lon: 0 })).rejects.toThrow(/changed since you loaded it/);

      // Assignees: everyone holding tickets:manage (admin, maintenance), not the nurse; one of them takes a ticket.
      const assignees = await tech.tickets.assignees();
      expect(assignees.map((u) => u.email).sort()).toEqual(['admin@site.test', 'tech@site.test']);
      const ticket = await admin.tickets.create({ siteId: site!.id, subject: 'Lift 2', description: 'stuck' });
      const techId = assignees.find((u) => u.email === 'tech@site.test')!.id;
      expect((await admin.tickets.assign({ id: ticket.id, assigneeId: techId, version: ticket.version })).assignee).toBe('tech@site.test');
    });
  });
}
