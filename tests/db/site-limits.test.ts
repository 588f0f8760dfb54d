// A user limited to some sites (iam.user_sites) sees and changes nothing of another (issue 15): lists
// without a site show only theirs, a record of another site read or changed by id is "not found"
// (and nothing changes), and a map case of another site cannot be located. Core enforces it on
// both engines; the central database's row-level security is the control-room issue's.
import { afterEach, describe, expect, it } from 'vitest';
import { placeRefusal } from '../../core/contract/index.js';
import { blankVehicle } from '../../core/fleet/vehicle-state.js';
import { upsertAlert } from '../../core/ops/alerts.js';
import { importSiteGraphs } from '../../core/org/site-graphs.js';
import { testCore } from '../../core/testing.js';
import { engines } from './engines.js';

type T = Awaited<ReturnType<typeof testCore>>;

for (const engine of engines()) {
  describe.skipIf(!engine.available)(`a user limited to one site, on ${engine.name}`, () => {
    let t: T | null = null;
    afterEach(async () => {
      await t?.db.close();
      t = null;
    });

    it('lists, reads and changes nothing of another site', async () => {
      t = await testCore({ db: await engine.fresh() });
      await importSiteGraphs(t.db);
      const admin = await t.signedIn(['admin'], 'admin@site.test');
      const [home] = await t.db.query<{ id: string; lat: number; lon: number }>("SELECT id, lat, lon FROM org.sites WHERE slug = 'lindenhof'");
      const at = { lat: home!.lat + 0.001, lon: home!.lon + 0.001 };
      const siteId = home!.id;
      // Lindenhof's records, one of each kind.
      const resident = await admin.residents.create({ siteId, firstName: 'Ada', lastName: 'Visser', dateOfBirth: '1941-03-02', wheelchairType: 'manual',
        requiresAssistance: false, preferredLanguage: 'nl', consent: true, emergencyContactName: 'Bo Visser', emergencyContactPhone: '+31 6 1234 5678' });
      const [a, b] = (await admin.missions.places({ siteId })).filter((p) => !placeRefusal(p, 'pick-up'));
      const mission = await admin.missions.create({ residentId: resident.id, pickupNode: a!.nodeId, dropoffNode: b!.nodeId, priority: 'normal' });
      const incident = await admin.ops.createIncident({ siteId, type: 'fall', category: 'medical', priority: 3, title: 'Fall in the garden', location: at });
      const { id: alertId } = await upsertAlert(t.db, { siteId, source: 'fire-panel', externalId: 'smoke-1', type: 'smoke', severity: 2, title: 'Smoke in B',
        ...at, raw: {}, occurredAt: new Date(), receivedAt: new Date() });
      await t.db.query("INSERT INTO city.services (site_id, service_code, service_name) VALUES ($1, 'pothole', 'Pothole')", [siteId]);
      const request = await admin.city.createRequest({ siteId, category: 'pothole', description: 'Hole', ...at });
      const report = await admin.city.createReport({ siteId, reportType: 'road', title: 'Loose stones', description: '', ...at });
      const pump = await admin.ops.createResource({ siteId, type: 'equipment', subtype: 'pump', name: 'Pump', identifier: 'LH-P1', location: at, capabilities: ['flooding'] });
      const ticket = await admin.tickets.create({ siteId, subject: 'Door jammed', description: 'x' });
      const announcement = await admin.city.createAnnouncement({ siteId, title: 'Road works', type: 'road_closure', startsAt: '2026-11-22T08:00:00Z', area: { type: 'point', center: at } });

      // An administrator of North only.
      const { siteId: north } = await admin.org.createSite({ name: 'North Depot', slug: 'north', timeZone: 'Europe/Amsterdam', lat: 53.2, lon: 6.56 });
      const limited = await t.signedIn(['admin'], 'north@site.test');
      const [me] = await t.db.query<{ id: string }>("SELECT id FROM iam.users WHERE email = 'north@site.test'");
      await admin.org.setUserSites({ userId: me!.id, siteIds: [north] });

      // The unlimited administrator sees Lindenhof's records in the lists without a site…
      expect((await admin.missions.list({})).map((m) => m.id)).toContain(mission.id);
      // …the limited one none of them.
      expect(await limited.missions.list({})).toEqual([]);
      expect(await limited.missions.residents({})).toEqual([]);
      expect(await limited.residents.list({})).toEqual([]);
      expect(await limited.ops.alerts({})).toEqual([]);
      expect(await limited.ops.incidents({})).toEqual([]);
      expect((await admin.ops.resources({})).map((r) => r.id)).toContain(pump.id);
      expect((await limited.ops.resources({})).map((r) => r.id)).not.toContain(pump.id);
      expect(await limited.city.requests({})).toEqual([]);
      expect(await limited.city.reports({})).toEqual([]);
      expect(await limited.city.announcements({})).toEqual([]);
      expect(await limited.tickets.list({})).toEqual([]);
      // The live fleet: a vehicle carries no site, only the map it reports; a limited user sees those on their sites' maps.
      await admin.org.createMap({ siteId: north, mapId: 'north-yard', name: 'Yard' });
      const fleet = t.core.context('direct').fleet.vehicles;
      const there = { ...blankVehicle('11111111-1111-4111-8111-111111111111', 'Acme', 'lh-1', 'LH 1', true), mapId: 'lindenhof-campus' };
      const here = { ...blankVehicle('22222222-2222-4222-8222-222222222222', 'Acme', 'n-1', 'North 1', true), mapId: 'north-yard' };
      const nowhere = { ...blankVehicle('33333333-3333-4333-8333-333333333333', 'Acme', 'x-1', 'Unplaced', true), mapId: null };
      for (const v of [there, here, nowhere]) fleet.set(v.id, v);
      expect((await admin.fleet.vehicles()).map((v) => v.name)).toEqual(['LH 1', 'North 1', 'Unplaced']);
      expect((await limited.fleet.vehicles()).map((v) => v.name)).toEqual(['North 1']);
      const feed = (await limited.fleet.onVehicles())[Symbol.asyncIterator]();
      expect((await feed.next()).value).toMatchObject({ kind: 'snapshot', vehicles: [{ name: 'North 1' }] });
      void feed.return?.();
      await expect(limited.fleet.vehicle({ id: there.id })).rejects.toThrow('No such vehicle.');
      expect((await limited.fleet.vehicle({ id: here.id })).vehicle.name).toBe('North 1');
      // The alarm banner: Lindenhof's severe alert rings for the administrator, not for North's.
      expect((await admin.ops.alarms({})).map((x) => x.id)).toContain(alertId);
      expect(await limited.ops.alarms({})).toEqual([]);
      // The audit log: Lindenhof's entries for the administrator; for North's, only North's and their own.
      expect((await admin.audit.list({ limit: 500 })).some((e) => e.siteId === siteId)).toBe(true);
      const seen = await limited.audit.list({ limit: 500 });
      expect(seen.length).toBeGreaterThan(0);
      for (const e of seen) expect(e.siteId === north || e.actorEmail === 'north@site.test').toBe(true);
      // Naming the other site is refused as if it did not exist.
      await expect(limited.missions.list({ siteId })).rejects.toThrow('No such site.');

      // Reads by id: not found.
      const notFound = /^No such /;
      await expect(limited.missions.get({ id: mission.id })).rejects.toThrow(notFound);
      await expect(limited.missions.suggest({ id: mission.id })).rejects.toThrow(notFound);
      await expect(limited.residents.detail({ id: resident.id })).rejects.toThrow(notFound);
      await expect(limited.ops.alert({ id: alertId })).rejects.toThrow(notFound);
      await expect(limited.ops.incident({ id: incident.id })).rejects.toThrow(notFound);
      await expect(limited.ops.suggestResources({ incidentId: incident.id })).rejects.toThrow(notFound);
      await expect(limited.city.request({ id: request.id })).rejects.toThrow(notFound);
      await expect(limited.city.requestContact({ id: request.id })).rejects.toThrow(notFound);
      await expect(limited.city.report({ id: report.id })).rejects.toThrow(notFound);
      await expect(limited.tickets.get({ id: ticket.id })).rejects.toThrow(notFound);
      await expect(limited.cases.timeline({ caseType: 'incident', caseId: incident.id })).rejects.toThrow(notFound);
      expect(await limited.map.locate({ layer: 'incidents', id: incident.id })).toBeNull();
      expect(await admin.map.locate({ layer: 'incidents', id: incident.id })).not.toBeNull();

      // Changes by id: not found, and nothing changed.
      await expect(limited.ops.acknowledgeAlert({ id: alertId })).rejects.toThrow(notFound);
      await expect(limited.ops.setIncidentStatus({ id: incident.id, status: 'closed', version: incident.version, reason: 'x' })).rejects.toThrow(notFound);
      await expect(limited.missions.cancel({ missionId: mission.id, reason: 'not ours' })).rejects.toThrow(notFound);
      await expect(limited.residents.erase({ id: resident.id, version: 1, reason: 'not ours' })).rejects.toThrow(notFound);
      await expect(limited.city.setRequestStatus({ id: request.id, status: 'closed' })).rejects.toThrow(notFound);
      await expect(limited.tickets.setStatus({ id: ticket.id, status: 'closed', version: ticket.version })).rejects.toThrow(notFound);
      await expect(limited.city.withdrawAnnouncement({ id: announcement.id, reason: 'not ours' })).rejects.toThrow(notFound);
      await expect(limited.missions.create({ residentId: resident.id, pickupNode: a!.nodeId, dropoffNode: b!.nodeId, priority: 'normal' })).rejects.toThrow(notFound);
      expect((await admin.ops.alert({ id: alertId })).status).toBe('new');
      expect((await admin.ops.incident({ id: incident.id })).incident.status).toBe(incident.status);
      expect((await admin.missions.get({ id: mission.id })).mission.status).toBe('pending');
      expect((await admin.residents.detail({ id: resident.id })).lastName).toBe('Visser');
      expect((await admin.city.request({ id: request.id })).request.status).toBe('open');
      expect((await admin.tickets.get({ id: ticket.id })).ticket.status).toBe(ticket.status);
      expect((await admin.missions.list({})).filter((m) => m.residentId === resident.id)).toHaveLength(1);
      // What spans every site is refused: backups, the audit log's archive and export, a new secret key.
      const everySite = /holds every site's data: a user limited to some sites cannot do it\.$/;
      await expect(limited.backup.state()).rejects.toThrow(everySite);
      await expect(limited.backup.now({ folder: '/tmp', passphrase: 'a long enough passphrase' })).rejects.toThrow(everySite);
      await expect(limited.backup.setSchedule({ enabled: true, folder: '/tmp', everyHours: 24, keep: 7, passphrase: 'a long enough passphrase' })).rejects.toThrow(everySite);
      await expect(limited.backup.archiveAudit({ before: '2020-01-01T00:00:00Z', folder: '/tmp' })).rejects.toThrow(everySite);
      await expect(limited.backup.rotateSecretKey()).rejects.toThrow(everySite);
      await expect(limited.transfer.auditExport({})).rejects.toThrow(everySite);
      // Each refused change is in the audit log as failed, with no site data in its reason.
      const failed = await t.db.query<{ reason: string }>("SELECT body->>'reason' AS reason FROM audit.entries WHERE body->>'actorEmail' = 'north@site.test' AND body->>'outcome' = 'failed'");
      expect(failed.length).toBeGreaterThanOrEqual(8);
      for (const f of failed) expect(f.reason).toMatch(notFound);
    });
  });
}
