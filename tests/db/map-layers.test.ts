// map.layers on both engines: the viewport, the default filters, grid clusters above the
// threshold (their counts add up), announcement areas as polygons, and layers left out by permission.
import { afterEach, describe, expect, it } from 'vitest';
import { haversineM, type LayerCollection } from '../../core/contract/index.js';
import { mapLayers } from '../../core/map/layers.js';
import { cellX, cellY } from '../../core/map/shapes.js';
import { PASSWORD, testCore } from '../../core/testing.js';
import type { Db } from '../../db/index.js';
import { engines } from './engines.js';

// Around the demo site (51.4426, 5.4711); OUT is a few kilometres east, outside the viewport.
const BBOX = { minLat: 51.43, minLon: 5.46, maxLat: 51.45, maxLon: 5.48 };
const IN = { lat: 51.44, lon: 5.47 };
const OUT = { lat: 51.44, lon: 5.55 };
const NOW = new Date('2026-11-22T10:00:00.000Z');

async function seed(db: Db) {
  const [site] = await db.query<{ id: string }>("SELECT id FROM org.sites WHERE slug = 'lindenhof'");
  const siteId = site!.id;
  await db.query("INSERT INTO city.services (site_id, service_code, service_name) VALUES ($1, 'pothole', 'Pothole')", [siteId]);
  const one = async (sql: string, params: unknown[]) => (await db.query<{ id: string }>(`${sql} RETURNING id::text AS id`, [siteId, ...params]))[0]!.id;
  const incident = (p: { lat: number; lon: number }, status: string, priority = 2) => one(
    `INSERT INTO ops.incidents (site_id, type, category, priority, status, title, lat, lon, cancel_reason)
     VALUES ($1, 'fall', 'medical', $4, $5, 'Fall in the garden', $2, $3, CASE WHEN $5 = 'cancelled' THEN 'duplicate' END)`, [p.lat, p.lon, priority, status]);
  const request = (p: { lat: number; lon: number }, status: string, deleted = false) => one(
    `INSERT INTO city.service_requests (site_id, category, lat, lon, status, closed_at, deleted_at)
     VALUES ($1, 'pothole', $2, $3, $4, CASE WHEN $4 = 'closed' THEN now() END, CASE WHEN $5 THEN now() END)`, [p.lat, p.lon, status, deleted]);
  const report = (p: { lat: number; lon: number }, status: string) => one(
    `INSERT INTO city.public_reports (site_id, report_type, title, description, lat, lon, status) VALUES ($1, 'road', 'Hole', 'A hole', $2, $3, $4)`, [p.lat, p.lon, status]);
  const alert = (p: { lat: number; lon: number }, status: string, ext: string) => one(
    `INSERT INTO ops.alerts (site_id, source, external_id, type, severity, status, title, lat, lon, occurred_at, acknowledged_at, dismissed_at, dismiss_reason)
     VALUES ($1, 'test', $5, 'smoke', 1, $4, 'Smoke', $2, $3, now(), CASE WHEN $4 = 'acknowledged' THEN now() END,
       CASE WHEN $4 = 'dismissed' THEN now() END, CASE WHEN $4 = 'dismissed' THEN 'false alarm' END)`, [p.lat, p.lon, status, ext]);
  return { siteId, incident, request, report, alert, one };
}

const ids = (c: LayerCollection | undefined) => (c?.features ?? []).map((f) => f.properties.id).sort();

for (const engine of engines()) {
  describe.skipIf(!engine.available)(`map layers on ${engine.name}`, () => {
    let db: Db | null = null;
    afterEach(async () => db?.close());

    it('returns what is in the viewport and open, with what the style needs', async () => {
      db = await engine.fresh();
      await testCore({ db });
      const s = await seed(db);
      const open = await s.incident(IN, 'on_scene', 1);
      await s.incident(OUT, 'new');
      await s.incident(IN, 'closed');
      await s.incident(IN, 'cancelled');
      const req = await s.request(IN, 'in_progress');
      await s.request(IN, 'closed');
      await s.request(IN, 'open', true);
      await s.request(OUT, 'open');
      const rep = await s.report(IN, 'new');
      await s.report(IN, 'rejected');
      await s.report(IN, 'closed');
      const alert = await s.alert(IN, 'acknowledged', 'a1');
      await s.alert(IN, 'dismissed', 'a2');
      const asset = await s.one("INSERT INTO city.assets (site_id, type, name, lat, lon) VALUES ($1, 'park', 'Rose garden', $2, $3)", [IN.lat, IN.lon]);
      await s.one("INSERT INTO city.assets (site_id, type, name, lat, lon, deleted_at) VALUES ($1, 'park', 'Gone', $2, $3, now())", [IN.lat, IN.lon]);
      const res = await s.one("INSERT INTO ops.resources (site_id, type, name, identifier, status, lat, lon) VALUES ($1, 'vehicle', 'Ambulance 1', 'A1', 'en_route', $2, $3)", [IN.lat, IN.lon]);
      await s.one("INSERT INTO ops.resources (site_id, type, name, identifier) VALUES ($1, 'personnel', 'Nowhere', 'P1')", []);

      const out = await mapLayers(db, { siteId: s.siteId, bbox: BBOX, zoom: 15, layers: ['incidents', 'requests', 'reports', 'alerts', 'assets', 'resources'] }, { now: NOW });
      expect(ids(out.incidents)).toEqual([open]);
      expect(out.incidents!.features[0]!.properties).toMatchObject({ layer: 'incidents', priority: 1, status: 'on_scene', title: 'Fall in the garden', number: expect.stringMatching(/^LIN-\d{4}-\d{5}$/) });
      expect(out.incidents!.features[0]!.geometry).toEqual({ type: 'Point', coordinates: [IN.lon, IN.lat] });
      expect(ids(out.requests)).toEqual([req]);
      expect(out.requests!.features[0]!.properties).toMatchObject({ status: 'in_progress', category: 'pothole', count: 1 });
      expect(ids(out.reports)).toEqual([rep]);
      expect(out.reports!.features[0]!.properties).toMatchObject({ status: 'new', report_type: 'road' });
      expect(ids(out.alerts)).toEqual([alert]);
      expect(out.alerts!.features[0]!.properties).toMatchObject({ severity: 1, status: 'acknowledged', title: 'Smoke' });
      expect(ids(out.assets)).toEqual([asset]);
      expect(ids(out.resources)).toEqual([res]);
      expect(out.resources!.features[0]!.properties).toMatchObject({ status: 'en_route', type: 'vehicle', name: 'Ambulance 1', vehicle_id: null });
      for (const c of Object.values(out)) expect(c.clustered).toBe(false);
    });

    it('sends grid clusters above the threshold, whose counts add up to the rows in view', async () => {
      db = await engine.fresh();
      const t = await testCore({ db });
      const s = await seed(db);
      // 2,500 open requests on a 50 × 50 grid inside the viewport, 300 outside it.
      await db.query(
        `INSERT INTO city.service_requests (site_id, category, lat, lon)
         SELECT $1, 'pothole', 51.431 + (i / 50) * 0.00038, 5.461 + (i % 50) * 0.00038 FROM generate_series(0, 2499) i`, [s.siteId]);
      await db.query(`INSERT INTO city.service_requests (site_id, category, lat, lon) SELECT $1, 'pothole', 51.44, 5.55 FROM generate_series(1, 300)`, [s.siteId]);
      const api = await t.signedIn(['operator']);
      const wide = await api.map.layers({ siteId: s.siteId, bbox: BBOX, zoom: 14, layers: ['requests'] });
      const c = wide.layers.requests!;
      expect(c.clustered).toBe(true);
      expect(c.total).toBe(2500);
      expect(c.features.length).toBeGreaterThan(1);
      expect(c.features.length).toBeLessThan(200);
      expect(c.features.reduce((n, f) => n + Number(f.properties.point_count), 0)).toBe(2500);
      for (const f of c.features) expect(f.properties).toMatchObject({ layer: 'requests', cluster: true });
      // Zoomed out, stored cells answer; from zoom 15 the rows do: smaller cells, more clusters, the same total.
      let last = 0;
      for (const zoom of [12, 13, 14, 15, 16]) {
        const out = (await mapLayers(db, { siteId: s.siteId, bbox: BBOX, zoom, layers: ['requests'] }, { now: NOW })).requests!;
        expect(out.clustered, `zoom ${zoom}`).toBe(true);
        expect(out.features.reduce((n, f) => n + Number(f.properties.point_count), 0), `zoom ${zoom}`).toBe(2500);
        expect(out.features.length, `zoom ${zoom}`).toBeGreaterThan(last);
        last = out.features.length;
      }
      // A small viewport holds fewer than the threshold: points again.
      const small = await api.map.layers({ siteId: s.siteId, bbox: { minLat: 51.431, minLon: 5.461, maxLat: 51.435, maxLon: 5.465 }, zoom: 18, layers: ['requests'] });
      expect(small.layers.requests!.clustered).toBe(false);
      expect(small.layers.requests!.features.length).toBe(11 * 11);
      expect(small.layers.requests!.total).toBe(121);
    });

    it('keeps the stored cells equal to the open cases, through inserts, moves, closing, deleting', async () => {
      db = await engine.fresh();
      await testCore({ db });
      const s = await seed(db);
      const [cell] = await db.query<{ x: number; y: number }>('SELECT org.cell_x($1, 14) AS x, org.cell_y($2, 14) AS y', [IN.lon, IN.lat]);
      expect([cell!.x, cell!.y]).toEqual([cellX(IN.lon, 14), cellY(IN.lat, 14)]);
      await db.query(
        `INSERT INTO city.service_requests (site_id, category, lat, lon, status, closed_at)
         SELECT $1, 'pothole', 51.431 + (i % 40) * 0.0005, 5.461 + (i / 40) * 0.0005, CASE WHEN i % 10 = 0 THEN 'closed' ELSE 'open' END,
           CASE WHEN i % 10 = 0 THEN now() END FROM generate_series(0, 799) i`, [s.siteId]);
      for (let i = 0; i < 5; i++) await s.incident(IN, 'new');
      await s.incident(OUT, 'new');
      await s.report(IN, 'new');
      await db.query("UPDATE city.service_requests SET lat = lat + 0.004 WHERE id IN (SELECT id FROM city.service_requests WHERE status = 'open' LIMIT 50)");
      await db.query("UPDATE city.service_requests SET status = 'closed', closed_at = now() WHERE id IN (SELECT id FROM city.service_requests WHERE status = 'open' ORDER BY id LIMIT 30)");
      await db.query("UPDATE city.service_requests SET status = 'open', closed_at = NULL WHERE id IN (SELECT id FROM city.service_requests WHERE status = 'closed' ORDER BY id LIMIT 5)");
      await db.query("UPDATE city.service_requests SET deleted_at = now() WHERE id IN (SELECT id FROM city.service_requests WHERE deleted_at IS NULL ORDER BY id DESC LIMIT 20)");
      await db.query("DELETE FROM city.service_requests WHERE id IN (SELECT id FROM city.service_requests WHERE status = 'open' AND deleted_at IS NULL ORDER BY id LIMIT 10)");
      await db.query("UPDATE ops.incidents SET status = 'assigned' WHERE id IN (SELECT id FROM ops.incidents ORDER BY id LIMIT 2)");
      // The far one, named by where it is: ids made in the same millisecond need not sort in the order made.
      await db.query("UPDATE ops.incidents SET status = 'cancelled', cancel_reason = 'duplicate' WHERE lon = $1", [OUT.lon]);
      const expected = await db.query<{ layer: string; gx: number; gy: number; n: number; lat: number }>(
        `SELECT layer, org.cell_x(lon, 14) AS gx, org.cell_y(lat, 14) AS gy, count(*)::int AS n, round(avg(lat)::numeric, 9)::float8 AS lat FROM (
           SELECT 'requests' AS layer, lat, lon FROM city.service_requests WHERE deleted_at IS NULL AND status <> 'closed'
           UNION ALL SELECT 'reports', lat, lon FROM city.public_reports WHERE deleted_at IS NULL AND status NOT IN ('closed', 'rejected')
           UNION ALL SELECT 'incidents', lat, lon FROM ops.incidents WHERE status NOT IN ('closed', 'cancelled')) r
         GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`);
      const stored = await db.query<{ layer: string; gx: number; gy: number; n: number; lat: number }>(
        'SELECT layer, gx, gy, n, round((sum_lat / n)::numeric, 9)::float8 AS lat FROM org.case_cells WHERE n > 0 ORDER BY 1, 2, 3');
      expect(stored).toEqual(expected);
      expect(expected.filter((c) => c.layer === 'incidents').map((c) => c.n)).toEqual([5]); // the five near; the far one is cancelled
      expect(stored.filter((c) => c.layer === 'requests').length).toBeGreaterThan(4);
    });

    it('draws active published announcements meeting the viewport as polygons', async () => {
      db = await engine.fresh();
      await testCore({ db });
      const s = await seed(db);
      const ann = (title: string, area: string, status: string, startsH: number, endsH: number | null, extra = '') => s.one(
        `INSERT INTO city.announcements (site_id, title, type, severity, area_type, center_lat, center_lon, radius_m, polygon,
           min_lat, min_lon, max_lat, max_lon, starts_at, ends_at, status, published_at)
         SELECT $1, $2, 'road_closure', 'warning', a.t, a.clat, a.clon, a.r, a.poly, a.mnla, a.mnlo, a.mxla, a.mxlo,
           $4::timestamptz + ($5 || ' hours')::interval, $4::timestamptz + ($6 || ' hours')::interval, $3, CASE WHEN $3 = 'published' THEN now() END
         FROM (SELECT ${area}) a ${extra}`, [title, status, NOW.toISOString(), startsH, endsH]);
      const circle = await ann('Circle', `'circle' t, 51.44 clat, 5.47 clon, 400.0 r, null::jsonb poly, 51.4364 mnla, 5.4642 mnlo, 51.4436 mxla, 5.4758 mxlo`, 'published', -1, 2);
      const point = await ann('Point', `'point' t, 51.445 clat, 5.475 clon, null::float8 r, null::jsonb poly, 51.445 mnla, 5.475 mnlo, 51.445 mxla, 5.475 mxlo`, 'published', -1, null);
      const polygon = await ann('Polygon', `'polygon' t, null::float8 clat, null::float8 clon, null::float8 r, '[[5.465,51.435],[5.475,51.435],[5.47,51.445]]'::jsonb poly, 51.435 mnla, 5.465 mnlo, 51.445 mxla, 5.475 mxlo`, 'published', -2, 5);
      await ann('Draft', `'point' t, 51.44 clat, 5.47 clon, null::float8 r, null::jsonb poly, 51.44 mnla, 5.47 mnlo, 51.44 mxla, 5.47 mxlo`, 'draft', -1, 2);
      await ann('Ended', `'point' t, 51.44 clat, 5.47 clon, null::float8 r, null::jsonb poly, 51.44 mnla, 5.47 mnlo, 51.44 mxla, 5.47 mxlo`, 'published', -3, -1);
      await ann('Later', `'point' t, 51.44 clat, 5.47 clon, null::float8 r, null::jsonb poly, 51.44 mnla, 5.47 mnlo, 51.44 mxla, 5.47 mxlo`, 'published', 1, 2);
      await ann('Elsewhere', `'point' t, 51.44 clat, 5.55 clon, null::float8 r, null::jsonb poly, 51.44 mnla, 5.55 mnlo, 51.44 mxla, 5.55 mxlo`, 'published', -1, 2);

      const out = await mapLayers(db, { siteId: s.siteId, bbox: BBOX, zoom: 15, layers: ['announcements'] }, { now: NOW });
      const byId = new Map(out.announcements!.features.map((f) => [f.properties.id, f]));
      expect([...byId.keys()].sort()).toEqual([circle, point, polygon].sort());
      const ring = (id: string) => (byId.get(id)!.geometry as { type: 'Polygon'; coordinates: [number, number][][] }).coordinates[0]!;
      expect(byId.get(circle)!.geometry.type).toBe('Polygon');
      expect(byId.get(circle)!.properties).toMatchObject({ layer: 'announcements', severity: 'warning', type: 'road_closure', title: 'Circle' });
      expect(ring(circle)).toHaveLength(65);
      for (const [lon, lat] of ring(circle)) expect(haversineM({ lat: 51.44, lon: 5.47 }, { lat, lon })).toBeCloseTo(400, -1);
      expect(ring(point)).toHaveLength(65);
      expect(haversineM({ lat: 51.445, lon: 5.475 }, { lat: ring(point)[0]![1], lon: ring(point)[0]![0] })).toBeCloseTo(25, 0);
      expect(ring(polygon)).toEqual([[5.465, 51.435], [5.475, 51.435], [5.47, 51.445], [5.465, 51.435]]);
    });

    it('leaves out the layers a user may not read and says so; refuses a reversed viewport', async () => {
      db = await engine.fresh();
      const t = await testCore({ db });
      const s = await seed(db);
      const inc = await s.incident(IN, 'new');
      const req = await s.request(IN, 'open');
      await db.exec(`INSERT INTO iam.roles (name, description) VALUES ('clerk', 'City desk');
        INSERT INTO iam.role_permissions (role_id, permission_id) SELECT r.id, p.id FROM iam.roles r, iam.permissions p WHERE r.name = 'clerk' AND p.key = 'city:read'`);
      const clerk = await t.signedIn(['clerk']);
      const all = ['incidents', 'alerts', 'requests', 'reports', 'announcements', 'assets', 'resources'] as const;
      const seen = await clerk.map.layers({ siteId: s.siteId, bbox: BBOX, zoom: 15, layers: [...all] });
      expect(Object.keys(seen.layers).sort()).toEqual(['announcements', 'assets', 'reports', 'requests']);
      expect(ids(seen.layers.requests)).toEqual([req]);
      expect(seen.denied).toEqual([
        { layer: 'incidents', permission: 'incidents:read' }, { layer: 'alerts', permission: 'incidents:read' }, { layer: 'resources', permission: 'incidents:read' }]);
      // A case selected on a board is found wherever it is, by those who may see its layer.
      expect(await clerk.map.locate({ layer: 'requests', id: req })).toEqual(IN);
      expect(await clerk.map.locate({ layer: 'reports', id: req })).toBeNull();
      await expect(clerk.map.locate({ layer: 'incidents', id: inc })).rejects.toThrow(/needs the incidents:read permission/);
      expect(await (await t.signedIn(['operator'])).map.locate({ layer: 'incidents', id: inc })).toEqual(IN);
      const caregiver = await t.signedIn(['caregiver']);
      const none = await caregiver.map.layers({ siteId: s.siteId, bbox: BBOX, zoom: 15, layers: [...all] });
      expect(none.layers).toEqual({});
      expect(none.denied).toHaveLength(7);
      await expect(clerk.map.layers({ siteId: s.siteId, bbox: { ...BBOX, minLat: 51.46 }, zoom: 15, layers: ['requests'] }))
        .rejects.toThrow(/minLat must not be above maxLat/);
      await expect(clerk.map.layers({ siteId: s.siteId, bbox: BBOX, zoom: 15, layers: ['parcels' as never] })).rejects.toThrow(/layers/);
    });

    it('tells subscribers which layers changed, only among those they may read', async () => {
      db = await engine.fresh();
      const t = await testCore({ db });
      await db.exec(`INSERT INTO iam.roles (name, description) VALUES ('clerk', 'City desk');
        INSERT INTO iam.role_permissions (role_id, permission_id) SELECT r.id, p.id FROM iam.roles r, iam.permissions p WHERE r.name = 'clerk' AND p.key = 'city:read'`);
      await t.signedIn(['clerk'], 'clerk@site.test');
      await t.signedIn(['operator'], 'op@site.test');
      const abort = new AbortController();
      const subscribe = async (email: string) => {
        const api = t.core.caller('direct', abort.signal, { token: null });
        await api.auth.login({ email, password: PASSWORD });
        return (await api.map.onChanged())[Symbol.asyncIterator]();
      };
      const clerk = await subscribe('clerk@site.test');
      const op = await subscribe('op@site.test');
      const clerkNext = clerk.next();
      const opNext = op.next();
      t.core.bus.emit('ops.changed', { kind: 'incident', id: 'i1' });
      t.core.bus.emit('ops.changed', { kind: 'ticket', id: 'k1' });
      expect((await opNext).value).toEqual({ layers: ['incidents'] });
      t.core.bus.emit('city.changed', { kind: 'request', id: 'r1' });
      t.core.bus.emit('city.changed', { kind: 'announcement', id: 'a1' });
      // The clerk never hears of incidents: the first news is the city's.
      expect((await clerkNext).value).toEqual({ layers: ['requests', 'announcements'] });
      expect((await op.next()).value).toEqual({ layers: ['requests', 'announcements'] });
      abort.abort();
    });
  });
}
