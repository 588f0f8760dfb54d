// Alerts, incidents and resources through the API on both engines: the inbox, the status
// machine with resources following, suggestions, refusals that write nothing, timelines.
import { afterEach, describe, expect, it } from 'vitest';
import { caseTimeline } from '../../core/cases/timeline.js';
import { upsertAlert } from '../../core/ops/alerts.js';
import { seedDemoOps } from '../../core/ops/demo.js';
import { escalateAlerts } from '../../core/ops/escalation.js';
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
        current = await op.ops.setIncidentStatus({ id: incident.id, status, version: current.version, reason: status === 'resolved' ? 'Detector cleaned' : undefined });
        expect(current.status).toBe(status);
        const nurse = (await op.ops.resources({ siteId })).find((r) => r.name === 'Nurse J. Bakker')!;
        expect(nurse.status).toBe(status === 'resolved' || status === 'closed' ? 'available' : status);
      }
      expect([current.assignedAt, current.enRouteAt, current.onSceneAt, current.resolvedAt, current.closedAt].every(Boolean)).toBe(true);
      await expect(op.ops.setIncidentStatus({ id: incident.id, status: 'on_scene', version: 1 })).rejects.toThrow(/changed since you loaded it/);
      await expect(op.ops.setIncidentStatus({ id: second.id, status: 'cancelled', version: second.version })).rejects.toThrow('Say why the incident is cancelled.');

      await op.cases.comment({ caseType: 'incident', caseId: incident.id, body: 'Family informed.', visibility: 'public' });
      await op.cases.comment({ caseType: 'incident', caseId: incident.id, body: 'Detector 4 was tampered with.', visibility: 'internal' });
      await expect(viewer.cases.comment({ caseType: 'incident', caseId: incident.id, body: 'x', visibility: 'public' })).rejects.toThrow(/incidents:manage/);
      const { timeline } = await viewer.ops.incident({ id: incident.id });
      expect(timeline.map((e) => `${e.kind}:${e.details.to ?? e.body ?? ''}`)).toEqual([
        'created:', 'link:From alert fire-panel/Z1', 'assignment:Nurse J. Bakker', 'status:assigned', 'status:en_route', 'status:on_scene',
        'status:resolved', 'status:closed', 'comment:Family informed.', 'comment:Detector 4 was tampered with.',
      ]);
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
  });
}
