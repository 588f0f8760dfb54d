// Announcements, their coverage, assets and the demo city data, on both engines.
import { afterEach, describe, expect, it } from 'vitest';
import { seedDemoCity } from '../../core/city/demo.js';
import type { Db } from '../../db/index.js';
import { cityFixture, east, HERE } from './city-fixture.js';
import { engines } from './engines.js';

// A triangle around HERE, as GeoJSON [lon, lat]; its bounding box's top-left corner is outside it.
const TRIANGLE: Array<[number, number]> = [[HERE.lon - 0.002, HERE.lat - 0.001], [HERE.lon + 0.002, HERE.lat - 0.001], [HERE.lon, HERE.lat + 0.002]];
const CORNER = { lat: HERE.lat + 0.0018, lon: HERE.lon - 0.0018 };
const FAR = { lat: HERE.lat + 0.05, lon: HERE.lon };

for (const engine of engines()) {
  describe.skipIf(!engine.available)(`announcements and assets on ${engine.name}`, () => {
    let db: Db | null = null;
    afterEach(async () => db?.close());

    it('refuses a circle without a positive radius and a self-intersecting polygon, naming why', async () => {
      db = await engine.fresh();
      const { siteId, op } = await cityFixture(db);
      const base = { siteId, title: 'Road works', type: 'road_closure' as const, startsAt: '2026-11-22T08:00:00Z' };
      await expect(op.city.createAnnouncement({ ...base, area: { type: 'circle', center: HERE, radiusM: -10 } })).rejects.toThrow(/a circle needs a radius above 0 m/);
      await expect(op.city.createAnnouncement({ ...base, area: { type: 'circle', center: HERE, radiusM: 0 } })).rejects.toThrow(/a circle needs a radius above 0 m/);
      const bowtie: Array<[number, number]> = [[5.47, 51.44], [5.48, 51.45], [5.48, 51.44], [5.47, 51.45]];
      await expect(op.city.createAnnouncement({ ...base, area: { type: 'polygon', ring: bowtie } })).rejects.toThrow(/the polygon crosses itself \(edge 1 crosses edge 3\)/);
      await expect(op.city.createAnnouncement({ ...base, area: { type: 'point', center: HERE }, endsAt: '2026-11-21T08:00:00Z' })).rejects.toThrow(/the end must come after the start/);
      const [n] = await db.query<{ n: string }>('SELECT count(*) AS n FROM city.announcements');
      expect(n!.n).toBe('0');
    });

    it('lists what an area covers: resources, vehicles and open cases inside it, not those only in its box', async () => {
      db = await engine.fresh();
      const { siteId, op } = await cityFixture(db);
      const resource = async (name: string, p: { lat: number; lon: number }) => db!.query(
        "INSERT INTO ops.resources (site_id, type, name, identifier, lat, lon) VALUES ($1, 'personnel', $2, $2, $3, $4)", [siteId, name, p.lat, p.lon]);
      await resource('Inside team', HERE);
      await resource('Corner team', CORNER);
      await resource('Far team', FAR);
      const vehicle = async (name: string, p: { lat: number; lon: number }) => db!.query(
        "INSERT INTO fleet.vehicles (manufacturer, serial_number, name, site_id, lat, lon, status) VALUES ('T', $1, $1, $2, $3, $4, 'idle')", [name, siteId, p.lat, p.lon]);
      await vehicle('AGV inside', east(HERE, 20));
      await vehicle('AGV corner', CORNER);
      const incident = async (title: string, status: string, p: { lat: number; lon: number }) => db!.query(
        "INSERT INTO ops.incidents (site_id, type, category, title, status, lat, lon) VALUES ($1, 'fire', 'fire', $2, $3, $4, $5)", [siteId, title, status, p.lat, p.lon]);
      await incident('Smoke in ward', 'on_scene', HERE);
      await incident('Old alarm', 'closed', HERE);
      await incident('Corner alarm', 'new', CORNER);
      const open = await op.city.createRequest({ siteId, category: 'pothole', description: 'Hole', ...HERE });
      const done = await op.city.createRequest({ siteId, category: 'pothole', description: 'Fixed hole', ...HERE });
      await op.city.setRequestStatus({ id: done.id, status: 'closed' });
      const report = await op.city.createReport({ siteId, reportType: 'road', title: 'Loose stones', description: '', ...HERE });
      const rejected = await op.city.createReport({ siteId, reportType: 'road', title: 'Not ours', description: '', ...HERE });
      await op.city.updateReport({ id: rejected.id, status: 'rejected' });
      const c = await op.city.announcementCoverage({ siteId, area: { type: 'polygon', ring: TRIANGLE } });
      expect(c.resources.map((r) => r.name)).toEqual(['Inside team']);
      expect(c.vehicles.map((v) => v.name)).toEqual(['AGV inside']);
      expect(c.cases.map((x) => [x.caseType, x.status])).toEqual([['incident', 'on_scene'], ['report', 'new'], ['service_request', 'open']]);
      expect(c.cases.map((x) => x.id)).toEqual(expect.arrayContaining([open.id, report.id]));
      // A 15 m circle around the vehicle holds the vehicle only.
      const small = await op.city.announcementCoverage({ siteId, area: { type: 'circle', center: east(HERE, 20), radiusM: 15 } });
      expect([small.resources.length, small.vehicles.map((v) => v.name), small.cases.length]).toEqual([0, ['AGV inside'], 0]);
    });

    it('drafts, publishes and withdraws; active means published and now between start and end', async () => {
      db = await engine.fresh();
      const { siteId, op, viewer } = await cityFixture(db);
      const a = await op.city.createAnnouncement({
        siteId, title: 'Path closed', description: 'Paving works', type: 'road_closure', severity: 'warning', area: { type: 'polygon', ring: TRIANGLE },
        startsAt: '2026-11-22T08:00:00Z', endsAt: '2026-11-23T08:00:00Z',
      });
      expect(a).toMatchObject({ status: 'draft', active: false, area: { type: 'polygon', ring: TRIANGLE }, publishedAt: null });
      expect(a.bounds).toEqual({ minLat: HERE.lat - 0.001, minLon: HERE.lon - 0.002, maxLat: HERE.lat + 0.002, maxLon: HERE.lon + 0.002 });
      expect(await viewer.city.announcements({ siteId, activeOnly: true })).toEqual([]);
      const published = await op.city.publishAnnouncement({ id: a.id });
      expect(published).toMatchObject({ status: 'published', active: true, publishedAt: '2026-11-22T10:00:00.000Z' });
      expect((await viewer.city.announcements({ siteId, activeOnly: true })).map((x) => x.id)).toEqual([a.id]);
      await expect(op.city.publishAnnouncement({ id: a.id })).rejects.toThrow('The announcement is published; only a draft can be published.');
      await expect(op.city.withdrawAnnouncement({ id: a.id, reason: '' })).rejects.toThrow(/say why/);
      const withdrawn = await op.city.withdrawAnnouncement({ id: a.id, reason: 'Works postponed' });
      expect(withdrawn).toMatchObject({ status: 'withdrawn', active: false, withdrawReason: 'Works postponed' });
      expect(await viewer.city.announcements({ siteId, activeOnly: true })).toEqual([]);
      // A later one is published but not active yet; one already over cannot be published.
      const later = await op.city.createAnnouncement({ siteId, title: 'Concert', type: 'information', area: { type: 'circle', center: HERE, radiusM: 200 }, startsAt: '2026-11-30T18:00:00Z' });
      expect(await op.city.publishAnnouncement({ id: later.id })).toMatchObject({ status: 'published', active: false });
      const over = await op.city.createAnnouncement({ siteId, title: 'Old', type: 'warning', area: { type: 'point', center: HERE }, startsAt: '2026-11-01T08:00:00Z', endsAt: '2026-11-02T08:00:00Z' });
      await expect(op.city.publishAnnouncement({ id: over.id })).rejects.toThrow(/ended at 2026-11-02T08:00:00.000Z/);
      expect((await op.city.announcements({ siteId, statuses: ['draft'] })).map((x) => x.title)).toEqual(['Old']);
      const audit = await db.query<{ action: string }>("SELECT action FROM audit.entries WHERE resource_type = 'announcement' AND outcome = 'success' ORDER BY seq");
      expect(audit.map((x) => x.action)).toEqual(['city.create_announcement', 'city.publish_announcement', 'city.withdraw_announcement', 'city.create_announcement', 'city.publish_announcement', 'city.create_announcement']);
    });

    it('creates and lists assets; refuses a sensor of another site', async () => {
      db = await engine.fresh();
      const { siteId, otherSiteId, op, viewer } = await cityFixture(db);
      const park = await op.city.createAsset({ siteId, type: 'park', name: 'Sensory garden', ...HERE, metadata: { area_m2: 1200 } });
      expect(park).toMatchObject({ type: 'park', name: 'Sensory garden', metadata: { area_m2: 1200 } });
      const [sensor] = await db.query<{ id: string }>("INSERT INTO fleet.sensors (site_id, sensor_key, name, kind) VALUES ($1, 'harbour-t1', 'T1', 'temperature') RETURNING id", [otherSiteId]);
      await expect(op.city.createAsset({ siteId, type: 'sensor', name: 'T1', ...HERE, sensorId: sensor!.id })).rejects.toThrow('The sensor is not a sensor of this site.');
      await op.city.createAsset({ siteId, type: 'facility', name: 'Main entrance', ...east(HERE, 30) });
      expect((await viewer.city.assets({ siteId })).map((x) => x.name)).toEqual(['Main entrance', 'Sensory garden']);
      expect((await viewer.city.assets({ siteId, types: ['park'] })).map((x) => x.id)).toEqual([park.id]);
      await expect(viewer.city.createAsset({ siteId, type: 'park', name: 'X', ...HERE })).rejects.toThrow(/needs the city:manage permission/);
    });

    it('seeds the demo city once, in demo mode only', async () => {
      db = await engine.fresh();
      const { siteId, op, t } = await cityFixture(db);
      await db.query('DELETE FROM city.services');
      await seedDemoCity(db, false, t.clock.now());
      const count = async () => (await db!.query<{ s: string; r: string; p: string; a: string }>(
        `SELECT (SELECT count(*) FROM city.services) AS s, (SELECT count(*) FROM city.service_requests) AS r,
                (SELECT count(*) FROM city.public_reports) AS p, (SELECT count(*) FROM city.assets) AS a`))[0];
      expect(await count()).toEqual({ s: '0', r: '0', p: '0', a: '0' });
      await db.query("INSERT INTO fleet.sensors (site_id, sensor_key, name, kind, lat, lon) VALUES ($1, 'air-1', 'Air quality 1', 'pm25', $2, $3)", [siteId, HERE.lat, HERE.lon]);
      await seedDemoCity(db, true, t.clock.now());
      expect(await count()).toEqual({ s: '8', r: '10', p: '5', a: '6' });
      await seedDemoCity(db, true, t.clock.now());
      expect(await count()).toEqual({ s: '8', r: '10', p: '5', a: '6' });
      expect((await op.city.assets({ siteId, types: ['sensor'] })).map((x) => x.name)).toEqual(['Air quality 1']);
      // The two demo potholes by the gate are suggested as duplicates of each other.
      const [gate] = await op.city.requests({ siteId, search: 'getting bigger' });
      const dups = await op.city.duplicatesFor({ siteId, category: 'pothole', lat: gate!.lat!, lon: gate!.lon!, excludeId: gate!.id });
      expect(dups.map((d) => d.label)).toEqual(['pothole: Deep pothole at the entrance gate, wheelchairs get stuck']);
    });
  });
}
