// A site set up from the console (issue 15 items 1-3): sites created and edited, a map with its
// floor plan placed by control points, places and paths drawn and checked, the whole exported and
// imported as one file, users limited to sites, and each user's site remembered.
import { PNG } from 'pngjs';
import { afterEach, describe, expect, it } from 'vitest';
import { frameToLatLon, latLonToFrame, pixelToFrame, STAGED_CHUNK_BYTES, type Georef } from '../../core/contract/index.js';
import { testCore } from '../../core/testing.js';
import { engines } from './engines.js';

type T = Awaited<ReturnType<typeof testCore>>;

function planPng(width: number, height: number): Buffer {
  const png = new PNG({ width, height });
  for (let i = 0; i < width * height; i++) png.data.set([(i % width) & 0xff, 200, 220, 255], i * 4);
  return PNG.sync.write(png);
}
/** A scanned plan: noise that does not compress, so the file is larger than a browser's message (1 MiB). */
function scannedPng(width: number, height: number): Buffer {
  const png = new PNG({ width, height });
  let seed = 7;
  for (let i = 0; i < png.data.length; i++) png.data[i] = (i & 3) === 3 ? 255 : (seed = (seed * 1103515245 + 12345) >>> 0) >>> 24;
  return PNG.sync.write(png);
}

/** Sends a file in pieces as the renderer does; its id names it. */
async function stage(admin: Awaited<ReturnType<T['signedIn']>>, bytes: Buffer): Promise<string> {
  const { id } = await admin.org.stageBegin({ bytes: bytes.length });
  for (let off = 0; off < bytes.length; off += STAGED_CHUNK_BYTES) {
    await admin.org.stageChunk({ id, offset: off, data: bytes.subarray(off, off + STAGED_CHUNK_BYTES).toString('base64') });
  }
  return id;
}

/** Where the plan truly lies: 0.1 m a pixel, turned 20°, its bottom-left corner here. */
const truth: Georef = { originLat: 52.0901, originLon: 5.1205, rotationDeg: 20 };
const at = (u: number, v: number) => {
  const f = pixelToFrame(0.1, { width: 400, height: 300 }, u, v);
  return { u, v, ...frameToLatLon(truth, f.x, f.y) };
};
const site = { name: 'Berkel Care Home', slug: 'berkel', timeZone: 'Europe/Amsterdam', lat: 52.0905, lon: 5.122 };
const places = {
  nodes: [
    { id: 'door', x: 2, y: 2, name: 'Front door', kind: 'entrance' as const },
    { id: 'r1', x: 30, y: 2, name: 'Room 1', kind: 'room' as const },
    { id: 'r2', x: 30, y: 25, name: 'Room 2', kind: 'room' as const },
    { id: 'dock', x: 2, y: 25, name: 'Dock', kind: 'charger' as const },
  ],
  edges: [['door', 'r1'], ['r1', 'r2'], ['r2', 'dock']] as [string, string][],
};

for (const engine of engines()) {
  describe.skipIf(!engine.available)(`site setup on ${engine.name}`, () => {
    let t: T | null = null;
    afterEach(async () => {
      await t?.core.stop();
      await t?.db.close();
      t = null;
    });

    it('creates a site and a map, places its plan by three points, draws four places, and feeds ingest and routes', async () => {
      t = await testCore({ db: await engine.fresh() });
      await t.core.start();
      const admin = await t.signedIn(['admin']);
      await expect(admin.org.createSite({ ...site, timeZone: 'Mars/Olympus' })).rejects.toThrow(/Unknown time zone/);
      const { siteId } = await admin.org.createSite(site);
      await expect(admin.org.createSite({ ...site, name: 'Other' })).rejects.toThrow(/already has the slug berkel/);
      await admin.org.updateSite({ siteId, lat: 52.091, name: 'Berkel Home' });
      expect((await admin.org.sites()).find((s) => s.id === siteId)).toMatchObject({ name: 'Berkel Home', lat: 52.091, lon: 5.122, slug: 'berkel' });

      const { siteMapId } = await admin.org.createMap({ siteId, mapId: 'berkel-ground', name: 'Ground floor' });
      await expect(admin.org.createMap({ siteId, mapId: 'berkel-ground', name: 'x' })).rejects.toThrow(/already used at Berkel Home/);
      await expect(admin.org.saveGraph({ siteMapId, ...places })).resolves.toBeUndefined(); // no plan yet: a frame in metres

      // A cut-off PNG is refused and leaves no plan.
      const png = planPng(400, 300);
      await expect(admin.org.uploadPlan({ siteMapId, data: png.subarray(0, png.length - 20).toString('base64') })).rejects.toThrow(/cut short/);
      await expect(admin.org.uploadPlan({ siteMapId, data: Buffer.from('%PDF-1.7 nope').toString('base64') })).rejects.toThrow(/PNG or JPEG/);
      expect(await admin.org.planImage({ siteMapId })).toBeNull();
      expect(await admin.org.uploadPlan({ siteMapId, data: png.toString('base64') })).toEqual({ mime: 'image/png', width: 400, height: 300 });
      expect((await admin.org.planImage({ siteMapId }))!.data).toBe(png.toString('base64'));
      await expect(admin.org.saveGraph({ siteMapId, ...places })).rejects.toThrow(/Place the floor plan/);

      // Three points, one of them 1.5 m off: an affine fit, residual shown per point.
      const off = at(380, 20);
      const offBy = frameToLatLon({ originLat: off.lat, originLon: off.lon, rotationDeg: 0 }, 0.9, 1.2);
      const placed = await admin.org.placePlan({ siteMapId, placement: { by: 'points', points: [at(20, 280), { ...off, ...offBy }, at(200, 40)] } });
      expect(placed!.placement).toMatchObject({ by: 'points', kind: 'affine' });
      expect(placed!.plan!.metresPerPixel).toBeGreaterThan(0.09);
      expect(placed!.bounds.maxX).toBeCloseTo(400 * placed!.plan!.metresPerPixel!, 6);
      // Two points: a similarity; with true points it recovers 0.1 m a pixel and 20°.
      const sim = await admin.org.placePlan({ siteMapId, placement: { by: 'points', points: [at(20, 280), at(380, 20)] } });
      expect(sim!.placement).toMatchObject({ by: 'points', kind: 'similarity', rmsM: expect.closeTo(0, 6) });
      expect(sim!.plan!.metresPerPixel).toBeCloseTo(0.1, 6);
      expect(sim!.rotationDeg).toBeCloseTo(20, 4);
      expect(sim!.matrix).toBeNull();

      // Validation: a disconnected graph, a duplicate name, a place off the plan; nothing is saved.
      const before = await admin.org.graph({ siteMapId });
      await expect(admin.org.saveGraph({ siteMapId, nodes: places.nodes, edges: [['door', 'r1']] })).rejects.toThrow(/No path reaches Room 2 \(r2\), Dock \(dock\)/);
      await expect(admin.org.saveGraph({ siteMapId, nodes: [...places.nodes.slice(0, 3), { ...places.nodes[3]!, name: 'room 1' }], edges: places.edges })).rejects.toThrow(/Two places are called room 1/);
      await expect(admin.org.saveGraph({ siteMapId, nodes: [...places.nodes.slice(0, 3), { ...places.nodes[3]!, x: 45 }], edges: places.edges })).rejects.toThrow(/Dock \(dock\) lies off the plan/);
      expect(await admin.org.graph({ siteMapId })).toEqual(before);
      await admin.org.saveGraph({ siteMapId, ...places });

      // The georeference feeds ingest's frame → lat/lon and the mission places.
      const map = t.core.context('direct').fleet.places.map('berkel-ground')!;
      expect(map.siteId).toBe(siteId);
      const p = frameToLatLon(map, 30, 25);
      const back = latLonToFrame(truth, p.lat, p.lon);
      expect(Math.hypot(back.x - 30, back.y - 25)).toBeLessThan(0.01);
      const room2 = (await admin.missions.places({ siteId })).find((x) => x.nodeId === 'r2')!;
      expect(Math.hypot(room2.lat - p.lat, room2.lon - p.lon)).toBeLessThan(1e-9);
    });

    it('offers the places of the floor asked for, and runs a transport on one floor', async () => {
      t = await testCore({ db: await engine.fresh() });
      const admin = await t.signedIn(['admin']);
      const { siteId } = await admin.org.createSite(site);
      const ground = (await admin.org.createMap({ siteId, mapId: 'berkel-ground', name: 'Ground floor' })).siteMapId;
      const first = (await admin.org.createMap({ siteId, mapId: 'berkel-first', name: 'First floor' })).siteMapId;
      await admin.org.saveGraph({ siteMapId: ground, ...places });
      const upstairs = { nodes: places.nodes.map((n) => ({ ...n, id: `up-${n.id}`, name: `${n.name} upstairs` })), edges: places.edges.map(([a, b]) => [`up-${a}`, `up-${b}`] as [string, string]) };
      await admin.org.saveGraph({ siteMapId: first, ...upstairs });
      const resident = await admin.residents.create({ siteId, firstName: 'Ada', lastName: 'Visser', dateOfBirth: '1941-03-02', wheelchairType: 'manual',
        requiresAssistance: false, preferredLanguage: 'nl', consent: true });

      // Without a floor: the site's first map, as before; with one: that floor's places.
      expect((await admin.missions.places({ siteId })).map((p) => p.nodeId).sort()).toEqual(['dock', 'door', 'r1', 'r2']);
      expect((await admin.missions.places({ siteId, siteMapId: first })).map((p) => p.name).sort()).toEqual(['Dock upstairs', 'Front door upstairs', 'Room 1 upstairs', 'Room 2 upstairs']);
      const other = await admin.org.createSite({ ...site, name: 'Elsewhere', slug: 'elsewhere' });
      await expect(admin.missions.places({ siteId: other.siteId, siteMapId: first })).rejects.toThrow('No such floor at this site.');

      // A transport upstairs runs on that floor's map; one that mixes floors is refused, saying why.
      const m = await admin.missions.create({ residentId: resident.id, pickupNode: 'up-r1', dropoffNode: 'up-door', priority: 'normal', siteMapId: first });
      expect(await t.db.query('SELECT site_map_id FROM fleet.missions WHERE id = $1', [m.id])).toEqual([{ site_map_id: first }]);
      await expect(admin.missions.create({ residentId: resident.id, pickupNode: 'up-r1', dropoffNode: 'door', priority: 'normal', siteMapId: first }))
        .rejects.toThrow("The drop-off is not a place on this floor's map (a transport runs on one floor).");
      await expect(admin.missions.create({ residentId: resident.id, pickupNode: 'up-r1', dropoffNode: 'up-door', priority: 'normal' }))
        .rejects.toThrow("The pick-up is not a place on this floor's map (a transport runs on one floor).");
      const otherMap = (await admin.org.createMap({ siteId: other.siteId, mapId: 'elsewhere-ground', name: 'Ground' })).siteMapId;
      await expect(admin.missions.create({ residentId: resident.id, pickupNode: 'r1', dropoffNode: 'door', priority: 'normal', siteMapId: otherMap }))
        .rejects.toThrow("The floor is not one of the resident's site's maps.");
    });

    it('removes a site with nothing open (the demo site on a real site\'s database); one with open work is refused, saying what', async () => {
      t = await testCore({ db: await engine.fresh() });
      await t.core.start();
      const admin = await t.signedIn(['admin']);
      const [demo] = await t.db.query<{ id: string; lat: number; lon: number }>("SELECT id, lat, lon FROM org.sites WHERE slug = 'lindenhof'");
      await admin.org.chooseSite({ siteId: demo!.id });
      // Used before the administrator's own site is made: it does not leave by itself.
      const inc = await admin.ops.createIncident({ siteId: demo!.id, type: 'fall', category: 'medical', priority: 3, title: 'Fall', location: { lat: demo!.lat, lon: demo!.lon } });
      const { siteId: mine } = await admin.org.createSite(site);
      expect((await admin.org.sites()).map((s) => s.id).sort()).toEqual([demo!.id, mine].sort());
      await expect(admin.org.deleteSite({ siteId: demo!.id, reason: 'x' })).rejects.toThrow(/at least 3 characters/);
      await expect(admin.org.deleteSite({ siteId: demo!.id, reason: 'the demo site' }))
        .rejects.toThrow('Lindenhof Care Campus still has 1 open incident: finish or move them before removing the site.');
      await admin.ops.setIncidentStatus({ id: inc.id, status: 'cancelled', version: inc.version, reason: 'test' });
      await admin.org.deleteSite({ siteId: demo!.id, reason: 'the demo site' });
      // Gone from every list, and from the user's remembered choice; its records stay for history.
      expect((await admin.org.sites()).map((s) => s.id)).toEqual([mine]);
      expect(await admin.org.chosenSite()).toBeNull();
      expect(await t.db.query('SELECT count(*)::int AS n FROM org.site_maps WHERE site_id = $1 AND deleted_at IS NULL', [demo!.id])).toEqual([{ n: 0 }]);
      expect((await admin.ops.incident({ id: inc.id })).incident.status).toBe('cancelled');
      const [entry] = await t.db.query<{ body: { action: string; newValues: unknown } }>("SELECT body FROM audit.entries WHERE body->>'action' = 'org.delete_site' AND body->>'outcome' = 'success'");
      expect(entry!.body.newValues).toEqual({ removed: true, reason: 'the demo site' });
      await expect(admin.org.deleteSite({ siteId: demo!.id, reason: 'the demo site' })).rejects.toThrow('No such site.');
      // A later start does not bring its graph back.
      await t.core.stop();
      await t.core.start();
      expect((await admin.org.sites()).map((s) => s.id)).toEqual([mine]);
    });

    it('the demo site leaves by itself when the administrator makes a site of their own, if nothing was recorded there', async () => {
      t = await testCore({ db: await engine.fresh() });
      await t.core.start();
      const admin = await t.signedIn(['admin']);
      const [demo] = await t.db.query<{ id: string }>("SELECT id FROM org.sites WHERE slug = 'lindenhof'");
      // Looked at is not used: choosing it and reading its places leave no record there.
      await admin.org.chooseSite({ siteId: demo!.id });
      expect((await admin.missions.places({ siteId: demo!.id })).length).toBeGreaterThan(0);
      const { siteId: mine } = await admin.org.createSite(site);
      expect((await admin.org.sites()).map((s) => s.id)).toEqual([mine]);
      expect(await admin.org.chosenSite()).toBeNull();
      expect(await t.db.query('SELECT count(*)::int AS n FROM org.site_maps WHERE site_id = $1 AND deleted_at IS NULL', [demo!.id])).toEqual([{ n: 0 }]);
      // Said in the audit log, with the site that was made.
      const [entry] = await t.db.query<{ body: { newValues: Record<string, unknown> } }>("SELECT body FROM audit.entries WHERE body->>'action' = 'org.create_site' AND body->>'outcome' = 'success'");
      expect(entry!.body.newValues).toMatchObject({ slug: 'berkel', demoSiteRemoved: 'Lindenhof Care Campus' });
      // A second site, and a later start, change nothing more.
      const other = await admin.org.createSite({ ...site, name: 'Elsewhere', slug: 'elsewhere' });
      await t.core.stop();
      await t.core.start();
      expect((await admin.org.sites()).map((s) => s.id).sort()).toEqual([mine, other.siteId].sort());
      const [second] = await t.db.query<{ body: { newValues: Record<string, unknown> } }>(
        "SELECT body FROM audit.entries WHERE body->>'action' = 'org.create_site' AND body->'newValues'->>'slug' = 'elsewhere'");
      expect(second!.body.newValues).not.toHaveProperty('demoSiteRemoved');
    });

    it('the demo site stays when someone recorded anything there, and in demo mode', async () => {
      t = await testCore({ db: await engine.fresh() });
      const admin = await t.signedIn(['admin']);
      const [demo] = await t.db.query<{ id: string }>("SELECT id FROM org.sites WHERE slug = 'lindenhof'");
      await admin.residents.create({ siteId: demo!.id, firstName: 'Ada', lastName: 'Visser', dateOfBirth: '1941-03-02', wheelchairType: 'manual', requiresAssistance: false, preferredLanguage: 'nl', consent: true });
      await admin.org.createSite(site);
      expect((await admin.org.sites()).map((s) => s.slug).sort()).toEqual(['berkel', 'lindenhof']);
      await t.db.close();
      t = null;

      t = await testCore({ db: await engine.fresh(), config: { demo: true } });
      const demoAdmin = await t.signedIn(['admin']);
      await demoAdmin.org.createSite(site);
      expect((await demoAdmin.org.sites()).map((s) => s.slug).sort()).toEqual(['berkel', 'lindenhof']);
    });

    it('exports a site as one file and imports it whole; a bad file is refused and nothing is half-imported', async () => {
      t = await testCore({ db: await engine.fresh() });
      await t.core.start();
      const admin = await t.signedIn(['admin']);
      const { siteId } = await admin.org.createSite(site);
      const { siteMapId } = await admin.org.createMap({ siteId, mapId: 'berkel-ground', name: 'Ground floor' });
      // A plan larger than one message: sent in pieces, then named.
      const scan = scannedPng(800, 600);
      expect(scan.length).toBeGreaterThan(1 << 20);
      expect(await admin.org.uploadPlan({ siteMapId, staged: await stage(admin, scan) })).toEqual({ mime: 'image/png', width: 800, height: 600 });
      expect((await admin.org.planImage({ siteMapId }))!.data).toBe(scan.toString('base64'));
      await admin.org.placePlan({ siteMapId, placement: { by: 'typed', originLat: 52.09, originLon: 5.12, rotationDeg: 10, metresPerPixel: 0.1 } });
      await admin.org.saveGraph({ siteMapId, ...places });
      const file = await admin.org.exportSite({ siteId });
      const text = JSON.stringify(file);
      const count = async () => (await t!.db.query<{ n: string }>('SELECT (SELECT count(*) FROM org.sites) + (SELECT count(*) FROM org.site_maps) + (SELECT count(*) FROM org.map_nodes) + (SELECT count(*) FROM org.map_plans) AS n'))[0]!.n;
      const was = await count();

      await expect(admin.org.importSite({ text })).rejects.toThrow(/slug berkel/);
      await expect(admin.org.importSite({ text: text.slice(0, 500) })).rejects.toThrow(/not JSON/);
      await expect(admin.org.importSite({ text: '{"format":"other"}' })).rejects.toThrow(/not a Watchfloor site file/);
      const renamed = { ...file, site: { ...file.site, slug: 'berkel-2' } };
      // The map id is taken (by the exported site): refused after the site row was written, which is rolled back.
      await expect(admin.org.importSite({ text: JSON.stringify(renamed) })).rejects.toThrow(/map berkel-ground is already used/);
      const badGraph = { ...renamed, maps: [{ ...file.maps[0]!, mapId: 'berkel-2-ground', edges: [['door', 'r1']] }] };
      await expect(admin.org.importSite({ text: JSON.stringify(badGraph) })).rejects.toThrow(/Map berkel-2-ground: No path reaches/);
      const badPlan = { ...renamed, maps: [{ ...file.maps[0]!, mapId: 'berkel-2-ground', plan: { ...file.maps[0]!.plan!, data: file.maps[0]!.plan!.data.slice(0, 200) } }] };
      await expect(admin.org.importSite({ text: JSON.stringify(badPlan) })).rejects.toThrow(/cut short/);
      expect(await count()).toBe(was);

      const good = { ...renamed, maps: [{ ...file.maps[0]!, mapId: 'berkel-2-ground' }] };
      // The file with its plan is larger than a message: staged, as the renderer sends it.
      const goodFile = Buffer.from(JSON.stringify(good));
      expect(goodFile.length).toBeGreaterThan(1 << 20);
      const { siteId: copy } = await admin.org.importSite({ staged: await stage(admin, goodFile) });
      const again = await admin.org.exportSite({ siteId: copy });
      expect(again.maps[0]).toEqual(good.maps[0]);
      expect(again.site).toEqual(good.site);
    });

    it('limits a user to some sites, remembers each user\'s site, and reports first-run setup from the data', async () => {
      t = await testCore({ db: await engine.fresh() });
      await t.core.start();
      const admin = await t.signedIn(['admin'], 'admin@site.test');
      expect((await admin.org.setup({ siteId: null })).done).toEqual({ site: false, map: false, places: false, staff: false, residents: false });
      const { siteId } = await admin.org.createSite(site);
      const { siteMapId } = await admin.org.createMap({ siteId, mapId: 'berkel-ground', name: 'Ground floor' });
      const { siteId: elsewhere } = await admin.org.createSite({ ...site, name: 'Elsewhere', slug: 'elsewhere' });
      const otherMap = (await admin.org.createMap({ siteId: elsewhere, mapId: 'elsewhere-ground', name: 'Ground' })).siteMapId;
      await admin.org.saveGraph({ siteMapId: otherMap, ...places });

      const nurse = await t.signedIn(['nurse'], 'nurse@site.test');
      const nurseId = (await nurse.auth.state()).user!.id;
      expect((await nurse.org.sites()).map((s) => s.slug).sort()).toEqual(['berkel', 'elsewhere']);
      await admin.org.setUserSites({ userId: nurseId, siteIds: [siteId] });
      expect(await admin.org.userSites({ userId: nurseId })).toEqual([siteId]);
      expect((await nurse.org.sites()).map((s) => s.slug)).toEqual(['berkel']);
      await expect(nurse.org.graph({ siteMapId: otherMap })).rejects.toThrow(/No such site/);
      await expect(nurse.org.planImage({ siteMapId: otherMap })).rejects.toThrow(/No such site/);
      await expect(nurse.org.chooseSite({ siteId: elsewhere })).rejects.toThrow(/No such site/);
      // Any procedure naming another site is refused before it runs.
      await expect(nurse.missions.places({ siteId: elsewhere })).rejects.toThrow(/No such site/);
      expect((await admin.missions.places({ siteId: elsewhere })).length).toBeGreaterThan(0);
      expect(await nurse.org.graph({ siteMapId })).toEqual({ nodes: [], edges: [] });

      expect(await admin.org.chosenSite()).toBeNull();
      await admin.org.chooseSite({ siteId: elsewhere });
      await nurse.org.chooseSite({ siteId });
      expect(await admin.org.chosenSite()).toBe(elsewhere);
      expect(await nurse.org.chosenSite()).toBe(siteId);
      // Limited afterwards to another site: the remembered choice is no longer offered.
      await admin.org.setUserSites({ userId: (await admin.auth.state()).user!.id, siteIds: [siteId] });
      expect(await admin.org.chosenSite()).toBeNull();

      await admin.org.uploadPlan({ siteMapId, data: planPng(400, 300).toString('base64') });
      await admin.org.placePlan({ siteMapId, placement: { by: 'typed', originLat: 52.09, originLon: 5.12, rotationDeg: 0, metresPerPixel: 0.1 } });
      await admin.org.saveGraph({ siteMapId, ...places });
      // The nurse is a second user: staff counts as begun.
      expect((await admin.org.setup({ siteId: null })).done).toEqual({ site: true, map: true, places: true, staff: true, residents: false });
    });
  });
}
