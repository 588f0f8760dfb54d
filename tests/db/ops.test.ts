// Alerts, incidents and resources through the API on both engines: the inbox, the status
// machine with resources following, suggestions, refusals that write nothing, timelines.
import { afterEach, describe, expect, it } from 'vitest';
import { caseTimeline } from '../../core/cases/timeline.js';
import { upsertAlert } from '../../core/ops/alerts.js';
import { seedDemoOps } from '../../core/ops/demo.js';
import { escalateAlerts } from '../../core/ops/escalation.js';
import { syncVehicleResources } from '../../core/ops/resources.js';
import { testCore } from '../../core/testing.js';
import { engines } from './engines.js';

type T = Awaited<ReturnType<typeof testCore>>;

async function setup(t: T) {
  await t.core.start();
  await seedDemoOps(t.db, true);
  const [site] = await t.db.query<{ id: string }>("SELECT id FROM org.sites WHERE slug = 'lindenhof'");
  const alert = (externalId: string, severity: number, extra: Partial<Parameters<typeof upsertAlert>[1]> = {}) => upsertAlert(t.db, {
    siteId: site!.id, source: 'fire-panel', externalId, type: 'smoke', severity, title: `Smoke detector ${externalId}`,
    lat: 51.44236, lon: 5.47066, raw: { zone: externalId }, occurredAt: t.clock.now(), receivedAt: t.clock.now(), ...extra,
  });
  return { siteId: site!.id, alert };
}

for (const engine of engines()) {
  describe.skipIf(!engine.available)(`incidents on ${engine.name}`, () => {
    let t: T | null = null;
    afterEach(async () => {
      await t?.core.stop();
      await t?.db.close();
      t = null;
    });

    it('takes an alert from the inbox to a closed incident, with resources following and every step on the timeline', async () => {
      t = await testCore({ db: await engine.fresh() });
      const { siteId, alert } = await setup(t);
      const op = await t.signedIn(['operator'], 'op@site.test');
      const other = await t.signedIn(['operator'], 'other@site.test');
      const viewer = await t.signedIn(['viewer']);

      const first = await alert('Z1', 2);
      const again = await alert('Z1', 1, { title: 'Smoke detector Z1 (2 heads)' });
      expect(again).toEqual({ id: first.id, created: false });
      const [inboxed] = await op.ops.alerts({ siteId });
      expect(inboxed).toMatchObject({ id: first.id, severity: 1, repeatCount: 1, title: 'Smoke detector Z1 (2 heads)', status: 'new' });

      await expect(viewer.ops.acknowledgeAlert({ id: first.id })).rejects.toThrow(/incidents:manage/);
      const acked = await op.ops.acknowledgeAlert({ id: first.id });
      expect(acked).toMatchObject({ status: 'acknowledged', acknowledgedBy: 'op@site.test' });
      await expect(other.ops.acknowledgeAlert({ id: first.id })).rejects.toThrow(/already acknowledged by op@site.test/);

      const incident = await op.ops.convertAlert({ id: first.id, category: 'fire', needs: ['first_aid'] });
      expect(incident).toMatchObject({ number: 'LIN-2026-00001', status: 'new', priority: 1, sourceAlertId: first.id, category: 'fire', needs: ['first_aid'] });
      expect((await op.ops.alert({ id: first.id }))).toMatchObject({ status: 'converted', incidentId: incident.id, incidentNumber: incident.number });
      await expect(other.ops.dismissAlert({ id: first.id, reason: 'false alarm' })).rejects.toThrow(/already incident LIN-2026-00001/);

      // The nearest resource with first aid first; the AED nearer still lacks it.
      const ranked = await op.ops.suggestResources({ incidentId: incident.id });
      expect(ranked[0]).toMatchObject({ name: 'Nurse J. Bakker', eligible: true });
      expect(ranked[0]!.reason).toMatch(/^available · \d+ m away · has first_aid$/);
      expect(ranked.find((r) => r.name === 'AED Main House')).toMatchObject({ eligible: false, reason: expect.stringMatching(/^lacks first_aid/) });
      // The same reason as data, for the renderer to word in the operator's language.
      expect(ranked[0]).toMatchObject({ blocker: null, matched: ['first_aid'], distanceM: expect.any(Number) });
      expect(ranked.find((r) => r.name === 'AED Main House')!.blocker).toEqual({ code: 'lacks', missing: ['first_aid'] });

      // A jump in the status machine is refused and nothing changes.
      await expect(op.ops.setIncidentStatus({ id: incident.id, status: 'on_scene', version: incident.version }))
        .rejects.toThrow('LIN-2026-00001 cannot go from new to on_scene; it can go to assigned, cancelled.');
      const before = await op.ops.incident({ id: incident.id });
      expect(before.incident.version).toBe(incident.version);

      const assigned = await op.ops.assignResources({ incidentId: incident.id, resourceIds: [ranked[0]!.resourceId] });
      expect(assigned).toMatchObject({ status: 'assigned', resources: [{ name: 'Nurse J. Bakker', status: 'assigned' }] });
      const second = await op.ops.createIncident({ siteId, type: 'fall', category: 'medical', priority: 2, title: 'Fall in the garden', location: { lat: 51.4425, lon: 5.4707 }, needs: [] });
      await expect(other.ops.assignResources({ incidentId: second.id, resourceIds: [ranked[0]!.resourceId] })).rejects.toThrow('Nurse J. Bakker is already on LIN-2026-00001.');
      expect(second.number).toBe('LIN-2026-00002');

      let current = assigned;
      for (const status of ['en_route', 'on_scene', 'resolved', 'closed'] as const) {
        current = await op.ops.setIncidentStatus({ id: incident.id, status, version: current.version, reason: status === 'resolved' ? 'Detector cleaned' : status === 'closed' ? 'Family informed, report filed' : undefined });
        expect(current.status).toBe(status);
        const nurse = (await op.ops.resources({ siteId })).find((r) => r.name === 'Nurse J. Bakker')!;
        expect(nurse.status).toBe(status === 'resolved' || status === 'closed' ? 'available' : status);
      }
      expect([current.assignedAt, current.enRouteAt, current.onSceneAt, current.resolvedAt, current.closedAt].every(Boolean)).toBe(true);
      await expect(op.ops.setIncidentStatus({ id: incident.id, status: 'on_scene', version: 1 })).rejects.toThrow(/changed since you loaded it: op@site\.test did "set incident status" at \d\d:\d\d UTC \(it is now closed\)/);
      await expect(op.ops.setIncidentStatus({ id: second.id, status: 'cancelled', version: second.version })).rejects.toThrow('Say why the incident is cancelled.');

      await op.cases.comment({ caseType: 'incident', caseId: incident.id, body: 'Family informed.', visibility: 'public' });
      await op.cases.comment({ caseType: 'incident', caseId: incident.id, body: 'Detector 4 was tampered with.', visibility: 'internal' });
      await expect(viewer.cases.comment({ caseType: 'incident', caseId: incident.id, body: 'x', visibility: 'public' })).rejects.toThrow(/incidents:manage/);
      const { timeline } = await viewer.ops.incident({ id: incident.id });
      expect(timeline.map((e) => `${e.kind}:${e.details.to ?? e.body ?? ''}`)).toEqual([
        'created:', 'link:From alert fire-panel/Z1', 'assignment:Nurse J. Bakker', 'status:assigned', 'status:en_route', 'status:on_scene',
        'status:resolved', 'status:closed', 'comment:Family informed.', 'comment:Detector 4 was tampered with.',
      ]);
      // The assignment keeps its reason in English and as data.
      expect(timeline.find((e) => e.kind === 'assignment')!.details).toMatchObject({ reason: ranked[0]!.reason, distanceM: ranked[0]!.distanceM, matched: ['first_aid'], blocker: null });
      const publicOnly = await caseTimeline(t.db, 'incident', incident.id, true);
      expect(publicOnly.map((e) => e.body)).not.toContain('Detector 4 was tampered with.');
      expect(publicOnly.some((e) => e.body === 'Family informed.')).toBe(true);

      const actions = await t.db.query<{ action: string; outcome: string }>("SELECT action, outcome FROM audit.entries WHERE resource_type IN ('alert', 'incident') ORDER BY seq");
      expect(actions.filter((a) => a.outcome === 'success').map((a) => a.action)).toEqual(expect.arrayContaining([
        'ops.acknowledge_alert', 'ops.convert_alert', 'ops.assign_resources', 'ops.set_incident_status', 'ops.create_incident', 'cases.comment']));
      const [denied] = await t.db.query<{ n: string }>("SELECT count(*) AS n FROM audit.entries WHERE action = 'ops.acknowledge_alert' AND outcome = 'denied'");
      expect(Number(denied!.n)).toBe(1);
    });

    it('escalates a severe alert nobody acknowledged to all staff, once', async () => {
      t = await testCore({ db: await engine.fresh() });
      const { siteId, alert } = await setup(t);
      const op = await t.signedIn(['operator']);
      const admin = await t.signedIn(['admin']);
      const nurse = await t.signedIn(['nurse']);
      await admin.ops.setEscalation({ siteId, seconds: 120 });
      const severe = await alert('S1', 1);
      await alert('M1', 3);
      const handled = await alert('S2', 2);
      await op.ops.acknowledgeAlert({ id: handled.id });
      expect((await op.ops.alarms()).map((a) => a.id)).toEqual([severe.id]);
      expect(await nurse.ops.alarms()).toEqual([]);

      t.clock.advance(119_000);
      expect(await escalateAlerts(t.core.context('direct'))).toEqual([]);
      t.clock.advance(2_000);
      expect(await escalateAlerts(t.core.context('direct'))).toEqual([severe.id]);
      expect(await escalateAlerts(t.core.context('direct'))).toEqual([]);
      expect(await nurse.ops.alarms()).toMatchObject([{ id: severe.id, escalatedTo: 'all staff' }]);
      const [entry] = await t.db.query<{ actor_id: string | null; action: string }>("SELECT actor_id, action FROM audit.entries WHERE action = 'ops.escalate_alert'");
      expect(entry).toEqual({ actor_id: null, action: 'ops.escalate_alert' });
      await expect(admin.ops.setEscalation({ siteId, seconds: 5 })).rejects.toThrow(/at least 10 seconds/);
      await expect(op.ops.setEscalation({ siteId, seconds: 60 })).rejects.toThrow(/settings:manage/);
    });
    it('links incidents both ways, keeps parents on the site, and brings fleet vehicles in as resources', async () => {
      t = await testCore({ db: await engine.fresh() });
      const { siteId } = await setup(t);
      const op = await t.signedIn(['operator']);
      const base = { siteId, type: 'water', category: 'facility' as const, priority: 3, needs: [] as string[] };
      const leak = await op.ops.createIncident({ ...base, title: 'Leak in the cellar' });
      const flood = await op.ops.createIncident({ ...base, title: 'Water on the path', parentId: leak.id, location: { lat: 51.4422, lon: 5.4734 } });
      await expect(op.ops.createIncident({ ...base, title: 'x', parentId: '0190a000-0000-7000-8000-00000000dead' })).rejects.toThrow('The parent incident is not an incident of this site.');
      await op.ops.linkIncidents({ id: flood.id, linkedId: leak.id, kind: 'caused_by' });
      await expect(op.ops.linkIncidents({ id: leak.id, linkedId: flood.id })).rejects.toThrow(`${leak.number} and ${flood.number} are already linked.`);
      await expect(op.ops.linkIncidents({ id: leak.id, linkedId: leak.id })).rejects.toThrow('An incident cannot be linked to itself.');
      const parent = await op.ops.incident({ id: leak.id });
      expect(parent.children).toMatchObject([{ id: flood.id, number: flood.number }]);
      expect(parent.links).toMatchObject([{ id: flood.id, kind: 'caused_by' }]);
      expect(parent.timeline.at(-1)).toMatchObject({ kind: 'link', body: `caused by: ${flood.number}` });

      // A fleet vehicle is a resource: in step with the fleet, out of service while offline.
      t.core.ops.stop(); // this test runs the sync itself
      await t.db.query(
        `INSERT INTO fleet.vehicles (site_id, manufacturer, serial_number, name, status, lat, lon)
         VALUES ($1, 'T', 's9', 'sim-09', 'idle', 51.44221, 5.47341), ($1, 'T', 's8', 'sim-08', 'offline', 51.4430, 5.4740)`, [siteId]);
      expect(await syncVehicleResources(t.db)).toHaveLength(2);
      expect(await syncVehicleResources(t.db)).toHaveLength(0); // nothing changed, nothing written
      const robots = (await op.ops.resources({ siteId })).filter((r) => r.type === 'vehicle' && r.vehicleId);
      expect(robots.map((r) => [r.name, r.identifier, r.status])).toEqual([['sim-08', 'AGV-s8', 'out_of_service'], ['sim-09', 'AGV-s9', 'available']]);
      const ranked = await op.ops.suggestResources({ incidentId: flood.id });
      expect(ranked.find((r) => r.name === 'sim-09')).toMatchObject({ eligible: true, reason: expect.stringMatching(/^available · [0-9] m away$/) });
      expect(ranked.find((r) => r.name === 'sim-08')).toMatchObject({ eligible: false, reason: expect.stringMatching(/^out of service/), blocker: { code: 'status', status: 'out_of_service' } });
      await op.ops.assignResources({ incidentId: flood.id, resourceIds: [robots[1]!.id] });
      await t.db.query("UPDATE fleet.vehicles SET status = 'offline', lat = 51.4423 WHERE serial_number = 's9'");
      await syncVehicleResources(t.db);
      const moved = (await op.ops.resources({ siteId })).find((r) => r.name === 'sim-09')!;
      expect([moved.status, moved.lat, moved.incidentId]).toEqual(['assigned', 51.4423, flood.id]); // the incident decides while it is on one
      await expect(op.ops.setResourceStatus({ id: moved.id, status: 'maintenance', reason: 'wheel check' })).rejects.toThrow('sim-09 is on an incident; release it there first.');

      // Resources kept by hand: created, taken off duty (then not suggested), refused twice.
      const pump = await op.ops.createResource({ siteId, type: 'equipment', subtype: 'pump', name: 'Second pump', identifier: 'FAC-P2', location: { lat: 51.4422, lon: 5.47345 }, capabilities: ['flooding'] });
      await expect(op.ops.createResource({ siteId, type: 'equipment', name: 'Copy', identifier: 'FAC-P2' })).rejects.toThrow('Another resource of this site is already called FAC-P2.');
      await op.ops.setResourceStatus({ id: pump.id, status: 'maintenance', reason: 'impeller replaced' });
      expect((await op.ops.suggestResources({ incidentId: flood.id })).find((r) => r.name === 'Second pump')).toMatchObject({ eligible: false, reason: expect.stringMatching(/^maintenance/) });
    });
  });
}
