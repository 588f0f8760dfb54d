// An external system's alert over a real broker becomes an incident with the nearest
// suitable resource suggested; alerts that fail the gate are quarantined with the reason.
import mqtt from 'mqtt';
import { afterEach, describe, expect, it } from 'vitest';
import { seedDemoOps } from '../../core/ops/demo.js';
import { brokerTargets, startConsole, uniqueInterface, type TestConsole } from './console.js';

const json = (o: unknown) => Buffer.from(JSON.stringify(o));

for (const target of brokerTargets) {
  describe.skipIf(!target.available)(`alerts over ${target.name}`, () => {
    const cleanup: (() => Promise<unknown>)[] = [];
    afterEach(async () => {
      for (const f of cleanup.splice(0).reverse()) await f();
    });

    it('turns a published alert into an incident with the nearest first-aider suggested, and quarantines bad alerts', async () => {
      const broker = await target.open();
      cleanup.push(() => broker.close());
      const c: TestConsole = await startConsole(broker.url, { vdaInterface: uniqueInterface() });
      cleanup.push(() => c.stop());
      await seedDemoOps(c.db, true);
      await expect.poll(() => c.broker.status.state, { timeout: 10_000 }).toBe('connected');
      // A source name of this run only: a shared broker carries other runs' alerts too.
      const source = `nurse-call-${uniqueInterface()}`;
      const topic = `watchfloor/v1/lindenhof/alerts/${source}`;
      const alert = { externalId: 'room-214', type: 'fall', severity: 2, title: 'Fall detected, room 214', description: 'Bed sensor: no movement after fall',
        location: { lat: 51.44236, lon: 5.47066, address: 'Main House, room 214' }, occurredAt: new Date().toISOString(), callSystem: { zone: 'B2' } };

      const pub = await mqtt.connectAsync(broker.url, { protocolVersion: broker.protocolVersion });
      cleanup.push(() => pub.endAsync());
      const bad = [
        { topic, payload: Buffer.from('{"externalId":'), reason: /^not JSON/ },
        { topic, payload: json({ ...alert, severity: 0 }), reason: /^fails the alert schema: severity: severity runs from 1/ },
        { topic, payload: json({ ...alert, title: undefined }), reason: /^fails the alert schema: title: / },
        { topic: `watchfloor/v1/atlantis/alerts/${source}`, payload: json(alert), reason: /^site 'atlantis' is not known$/ },
      ];
      for (const b of bad) await pub.publishAsync(b.topic, b.payload, { qos: 1 });
      await pub.publishAsync(topic, json(alert), { qos: 1 });
      // The source sends it again, now more severe: one alert, updated.
      await pub.publishAsync(topic, json({ ...alert, severity: 1, title: 'Fall detected, room 214 (no response)' }), { qos: 1 });

      await expect.poll(async () => (await c.api.ops.alerts({})).filter((a) => a.source === source).map((a) => [a.severity, a.repeatCount]), { timeout: 10_000 })
        .toEqual([[1, 1]]);
      const [received] = (await c.api.ops.alerts({})).filter((a) => a.source === source);
      expect(received).toMatchObject({ externalId: 'room-214', type: 'fall', status: 'new', address: 'Main House, room 214', title: 'Fall detected, room 214 (no response)' });
      expect(received!.rawPayload).toMatchObject({ callSystem: { zone: 'B2' } });

      await expect.poll(async () => {
        await c.core.fleet.writer.flush();
        const rows = await c.db.query<{ reason: string }>('SELECT reason FROM ingest.quarantine WHERE topic LIKE $1 ORDER BY received_at, id', [`%/${source}`]);
        return rows.length;
      }, { timeout: 10_000 }).toBe(bad.length);
      const rows = await c.db.query<{ reason: string; topic: string }>('SELECT reason, topic FROM ingest.quarantine WHERE topic LIKE $1', [`%/${source}`]);
      for (const b of bad) expect(rows.some((r) => r.topic === b.topic && b.reason.test(r.reason)), String(b.reason)).toBe(true);

      const incident = await c.api.ops.convertAlert({ id: received!.id, category: 'care', needs: ['first_aid'] });
      expect(incident).toMatchObject({ status: 'new', priority: 1, lat: 51.44236, lon: 5.47066, sourceAlertId: received!.id });
      const [best, ...rest] = await c.api.ops.suggestResources({ incidentId: incident.id });
      expect(best).toMatchObject({ name: 'Nurse J. Bakker', eligible: true, matched: ['first_aid'] });
      expect(best!.distanceM).toBeLessThan(10);
      expect(best!.reason).toMatch(/^available · \d m away · has first_aid$/);
      expect(rest.filter((r) => r.eligible).every((r) => r.distanceM! >= best!.distanceM!)).toBe(true);
      const sent = await c.api.ops.assignResources({ incidentId: incident.id, resourceIds: [best!.resourceId] });
      expect(sent).toMatchObject({ status: 'assigned', resources: [{ name: 'Nurse J. Bakker', status: 'assigned' }] });

      // The source clears another alert when the nurse has attended: it clears itself.
      const other = { ...alert, externalId: 'room-215', title: 'Fall detected, room 215' };
      await pub.publishAsync(topic, json(other), { qos: 1 });
      await expect.poll(async () => (await c.api.ops.alerts({})).find((a) => a.externalId === 'room-215' && a.source === source)?.status, { timeout: 10_000 }).toBe('new');
      await pub.publishAsync(topic, json({ ...other, cleared: true }), { qos: 1 });
      await expect.poll(async () => (await c.api.ops.alerts({})).find((a) => a.externalId === 'room-215' && a.source === source)?.resolveReason, { timeout: 10_000 })
        .toBe(`Cleared by its source, ${source}.`);
    });
  });
}
