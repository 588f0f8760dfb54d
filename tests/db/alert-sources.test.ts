// The console's own alert sources on both engines: sensor threshold rules (held for their
// duration, one alert per episode, clearing itself) and the fleet (errors by level and duration,
// offline on a mission, battery), external sources clearing theirs; escalation and acknowledgement.
import { afterEach, describe, expect, it } from 'vitest';
import type { SensorLive, VehicleLive } from '../../core/contract/index.js';
import { FleetAlerts } from '../../core/ops/fleet-alerts.js';
import { REOPEN_WINDOW_MS } from '../../core/ops/episodes.js';
import { escalateAlerts } from '../../core/ops/escalation.js';
import { raiseAlert, resolveAlert } from '../../core/ops/raise.js';
import { testCore } from '../../core/testing.js';
import { engines } from './engines.js';

type T = Awaited<ReturnType<typeof testCore>>;

const vehicle = (o: Partial<VehicleLive>): VehicleLive => ({
  id: '0190a000-0000-7000-8000-000000000001', name: 'sim-01', manufacturer: 'T', serialNumber: 's1', isNew: false, status: 'idle', connection: 'ONLINE',
  mapId: 'lindenhof-campus', x: 1, y: 1, lat: 51.4417, lon: 5.4698, heading: 0, speed: 0, battery: 80, charging: false, paused: false, driving: false,
  operatingMode: 'AUTOMATIC', orderId: null, lastNodeId: null, errors: [], information: [], loads: [], lastHeartbeat: null, reportedAt: null, ...o,
});

for (const engine of engines()) {
  describe.skipIf(!engine.available)(`alert sources on ${engine.name}`, () => {
    let t: T | null = null;
    afterEach(async () => {
      await t?.core.stop();
      await t?.db.close();
      t = null;
    });

    it('raises a sensor rule alert only after the reading has stayed across the threshold for the rule’s duration, once per episode', async () => {
      t = await testCore({ db: await engine.fresh() });
      await t.core.start();
      const admin = await t.signedIn(['admin']);
      const [site] = await t.db.query<{ id: string }>("SELECT id FROM org.sites WHERE slug = 'lindenhof'");
      await expect(admin.ops.saveAlertRule({ siteId: site!.id, name: 'Heat', sensorKind: 'temperature', comparison: 'gt', threshold: 30, durationS: 60, severity: 9 }))
        .rejects.toThrow(/severity runs from 1/);
      // In words, not "Too big".
      await expect(admin.ops.saveAlertRule({ siteId: site!.id, name: 'Heat', sensorKind: 'temperature', comparison: 'gt', threshold: 30, durationS: 100_000, severity: 2 }))
        .rejects.toThrow(/for how long runs from 0 to 86,400 whole seconds \(a day\)/);
      await expect(admin.ops.saveAlertRule({ siteId: site!.id, name: ' ', sensorKind: 'temperature', comparison: 'gt', threshold: 30, durationS: 1, severity: 2 }))
        .rejects.toThrow(/give the rule a name/);
      const rule = await admin.ops.saveAlertRule({ siteId: site!.id, name: 'Heat', sensorKind: 'temperature', comparison: 'gt', threshold: 30, durationS: 60, severity: 2 });
      const [s] = await t.db.query<{ id: string }>(
        "INSERT INTO fleet.sensors (site_id, sensor_key, name, kind, unit, lat, lon) VALUES ($1, 't1', 'Terrace', 'temperature', '°C', 51.4421, 5.4702) RETURNING id", [site!.id]);
      const at = (sec: number, value: number, kind = 'temperature'): SensorLive => ({
        id: s!.id, key: 't1', name: 'Terrace', kind, unit: '°C', value, ts: new Date(Date.parse('2026-11-22T10:00:00Z') + sec * 1000).toISOString(), lat: 51.4421, lon: 5.4702,
      });
      const count = async () => (await admin.ops.alerts({ siteId: site!.id })).filter((a) => a.source === 'sensor-rule');
      for (const [sec, v] of [[0, 31], [30, 32], [59, 33]] as const) await t.core.ops.rules.check(at(sec, v));
      expect(await count()).toHaveLength(0);
      await t.core.ops.rules.check(at(61, 34));
      await t.core.ops.rules.check(at(90, 35));
      await t.core.ops.rules.check(at(95, 99, 'humidity'));
      const first = await count();
      expect(first).toMatchObject([{ type: 'sensor_temperature', severity: 2, title: 'Terrace: temperature 34 °C (Heat)', lat: 51.4421, status: 'new' }]);
      await t.core.ops.rules.check(at(100, 20)); // cleared: the alert clears itself
      expect(await count()).toMatchObject([{ id: first[0]!.id, status: 'auto_resolved', resolveReason: 'Cleared by itself: temperature 20 °C is back inside gt 30.' }]);
      await t.core.ops.rules.check(at(110, 36));
      await t.core.ops.rules.check(at(150, 36));
      expect(await count()).toMatchObject([{ status: 'auto_resolved' }]);
      // Across again for the rule's duration, soon after: the same alert reopens, counted.
      await t.core.ops.rules.check(at(171, 37));
      expect(await count()).toMatchObject([{ id: first[0]!.id, status: 'new', repeatCount: 1, resolvedAt: null }]);
      // Cleared, and back only after the reopen window: a new alert.
      await t.core.ops.rules.check(at(200, 20));
      t.clock.advance(REOPEN_WINDOW_MS + 1000);
      await t.core.ops.rules.check(at(900, 38));
      await t.core.ops.rules.check(at(961, 38));
      expect((await count()).map((a) => a.status).sort()).toEqual(['auto_resolved', 'new']);
      const [resolved] = await t.db.query<{ n: string }>("SELECT count(*) AS n FROM audit.entries WHERE action = 'ops.auto_resolve_alert' AND actor_id IS NULL");
      expect(Number(resolved!.n)).toBe(2);
      // Disabled, it raises nothing.
      await admin.ops.saveAlertRule({ siteId: site!.id, id: rule.id, name: 'Heat', sensorKind: 'temperature', comparison: 'gt', threshold: 30, durationS: 0, severity: 2, enabled: false });
      await t.core.ops.rules.check(at(300, 20));
      await t.core.ops.rules.check(at(301, 40));
      expect(await count()).toHaveLength(2);
    });

    it('raises a vehicle error by its level and how long it lasts, keeps one alert per episode and clears it when the vehicle does', async () => {
      t = await testCore({ db: await engine.fresh() });
      await t.core.start();
      const op = await t.signedIn(['operator']);
      const [site] = await t.db.query<{ id: string }>("SELECT id FROM org.sites WHERE slug = 'lindenhof'");
      await t.db.query("INSERT INTO fleet.vehicles (id, site_id, manufacturer, serial_number, name) VALUES ('0190a000-0000-7000-8000-000000000001', $1, 'T', 's1', 'sim-01')", [site!.id]);
      const ctx = t.core.context('direct');
      let mission: string | null = null;
      const make = () => new FleetAlerts({ db: t!.db, bus: t!.core.bus, log: ctx.log, clock: t!.clock, missions: { activeMission: () => mission } as never, siteOf: () => site!.id });
      let alerts = make();
      const bumper = [{ type: 'bumperTriggered', level: 'FATAL' as const, description: 'Safety bumper triggered', references: [] }];
      const scanner = [{ type: 'laserScannerFault', level: 'FATAL' as const, description: 'Front scanner blind', references: [] }];
      const gps = [{ type: 'gpsDegraded', level: 'WARNING' as const, description: 'GNSS accuracy degraded', references: [] }];
      const fleetAlerts = async () => (await op.ops.alerts({ siteId: site!.id })).filter((a) => a.source === 'fleet');
      const step = async (ms: number, v: VehicleLive) => {
        t!.clock.advance(ms);
        await alerts.check(v);
      };

      // A bumper touched for 4 s, a warning for 100 s: nothing.
      await step(0, vehicle({ errors: bumper, status: 'error' }));
      await step(4000, vehicle({ errors: bumper, status: 'error' }));
      await step(1000, vehicle({}));
      await step(0, vehicle({ errors: gps }));
      await step(100_000, vehicle({ errors: gps }));
      await step(1000, vehicle({}));
      expect(await fleetAlerts()).toEqual([]);

      // A fatal error that lasts: severity 3 after 10 s, 2 after 60 s, one alert; the periodic sweep earns it without new messages.
      await step(0, vehicle({ errors: scanner, status: 'error' }));
      await step(11_000, vehicle({ errors: scanner, status: 'error' }));
      const [raised] = await fleetAlerts();
      expect(raised).toMatchObject({ type: 'vehicle_fatal_error', severity: 3, status: 'new', title: 'sim-01: laserScannerFault', repeatCount: 0 });
      t.clock.advance(50_000);
      await alerts.sweep([vehicle({ errors: scanner, status: 'error' })]);
      expect(await fleetAlerts()).toMatchObject([{ id: raised!.id, severity: 2, repeatCount: 0 }]);

      // Someone acknowledges it: escalation leaves it alone, before and after it comes back.
      await op.ops.acknowledgeAlert({ id: raised!.id });
      t.clock.advance(600_000);
      expect(await escalateAlerts(ctx)).toEqual([]);

      // The vehicle stops reporting it: cleared by itself, audited as the console's doing.
      await step(0, vehicle({}));
      expect(await fleetAlerts()).toMatchObject([{ id: raised!.id, status: 'auto_resolved', resolveReason: 'Cleared by itself: the vehicle no longer reports laserScannerFault.' }]);
      const [audit] = await t.db.query<{ actor_id: string | null; resource_id: string }>("SELECT actor_id, resource_id FROM audit.entries WHERE action = 'ops.auto_resolve_alert'");
      expect(audit).toEqual({ actor_id: null, resource_id: raised!.id });

      // It comes back within the window: the same alert, counted, still acknowledged; never escalated.
      await step(60_000, vehicle({ errors: scanner, status: 'error' }));
      await step(11_000, vehicle({ errors: scanner, status: 'error' }));
      expect(await fleetAlerts()).toMatchObject([{ id: raised!.id, status: 'acknowledged', repeatCount: 1, severity: 2 }]);
      t.clock.advance(600_000);
      expect(await escalateAlerts(ctx)).toEqual([]);

      // A console restarted while it lasted picks the episode up, and clears it when it is over.
      alerts = make();
      await step(0, vehicle({ errors: scanner, status: 'error' }));
      expect(await fleetAlerts()).toMatchObject([{ id: raised!.id, repeatCount: 1 }]);
      alerts = make();
      await step(0, vehicle({}));
      expect(await fleetAlerts()).toMatchObject([{ id: raised!.id, status: 'auto_resolved' }]);

      // Offline during a mission: severity 1 at once, cleared when back. Battery: hysteresis up to 15 %.
      mission = 'mission-1';
      await step(0, vehicle({ status: 'offline' }));
      await step(1000, vehicle({ battery: 9 }));
      await step(1000, vehicle({ battery: 12 }));
      const open = (await fleetAlerts()).filter((a) => a.status !== 'auto_resolved').map((a) => `${a.type}:${a.severity}:${a.status}`).sort();
      expect(open).toEqual(['battery_critical:2:new']);
      expect((await fleetAlerts()).find((a) => a.type === 'vehicle_offline_on_mission')).toMatchObject({
        severity: 1, status: 'auto_resolved', title: 'sim-01 went offline during a mission', resolveReason: 'Cleared by itself: the vehicle is back online.' });
      await step(1000, vehicle({ battery: 16 }));
      expect((await fleetAlerts()).filter((a) => a.status === 'new')).toEqual([]);
    });

    it('picks up the open alerts of a fleet first checked together with one read, not one per vehicle', async () => {
      t = await testCore({ db: await engine.fresh() });
      await t.core.start();
      const op = await t.signedIn(['operator']);
      const [site] = await t.db.query<{ id: string }>("SELECT id FROM org.sites WHERE slug = 'lindenhof'");
      const ids = (await t.db.query<{ id: string }>(
        "INSERT INTO fleet.vehicles (site_id, manufacturer, serial_number, name) SELECT $1, 'T', 'u' || g, 'unit-' || g FROM generate_series(1, 300) g RETURNING id", [site!.id],
      )).map((r) => r.id);
      const scanner = [{ type: 'laserScannerFault', level: 'FATAL' as const, description: 'Front scanner blind', references: [] }];
      const ctx = t.core.context('direct');
      let reads = 0;
      const db = { ...t.db, query: ((sql: string, params?: unknown[]) => {
        if (/FROM ops\.alerts\s+WHERE source = 'fleet'/.test(sql)) reads++;
        return t!.db.query(sql, params);
      }) as typeof t.db.query };
      const make = () => new FleetAlerts({ db, bus: t!.core.bus, log: ctx.log, clock: t!.clock, missions: { activeMission: () => null } as never, siteOf: () => site!.id });
      // The first vehicle's fault lasts long enough to raise an alert.
      const first = make();
      await first.check(vehicle({ id: ids[0], errors: scanner, status: 'error' }));
      t.clock.advance(11_000);
      await first.check(vehicle({ id: ids[0], errors: scanner, status: 'error' }));
      const [raised] = (await op.ops.alerts({ siteId: site!.id })).filter((a) => a.source === 'fleet');
      expect(raised).toMatchObject({ status: 'new', severity: 3 });

      // A restarted console hears the whole fleet at once, the first vehicle's fault now over.
      reads = 0;
      await make().sweep(ids.map((id) => vehicle({ id })));
      expect(reads).toBe(1);
      expect((await op.ops.alerts({ siteId: site!.id })).filter((a) => a.source === 'fleet')).toMatchObject([{ id: raised!.id, status: 'auto_resolved' }]);
    });

    it('lets an external source clear its alert, and one sent again after clearing reopens it', async () => {
      t = await testCore({ db: await engine.fresh() });
      await t.core.start();
      const op = await t.signedIn(['operator']);
      const [site] = await t.db.query<{ id: string }>("SELECT id FROM org.sites WHERE slug = 'lindenhof'");
      const deps = { db: t.db, bus: t.core.bus, log: t.core.context('direct').log };
      const sent = (at: Date) => ({ siteId: site!.id, source: 'nurse-call', externalId: 'room-214', type: 'fall', severity: 2, title: 'Fall, room 214', occurredAt: at, receivedAt: at });
      const first = t.clock.now();
      await raiseAlert(deps, sent(first));
      t.clock.advance(30_000);
      await raiseAlert(deps, sent(t.clock.now()));
      const [a] = await op.ops.alerts({ siteId: site!.id });
      expect(a).toMatchObject({ repeatCount: 1, receivedAt: first.toISOString(), lastSeenAt: t.clock.now().toISOString() });
      await resolveAlert(deps, { siteId: site!.id, source: 'nurse-call', externalId: 'room-214' }, 'Cleared by its source, nurse-call.', t.clock.now());
      expect(await op.ops.alert({ id: a!.id })).toMatchObject({ status: 'auto_resolved', resolveReason: 'Cleared by its source, nurse-call.' });
      expect(await op.ops.alarms()).toEqual([]);
      // Sent again: open again, and escalation counts from then, not from the first arrival.
      t.clock.advance(300_000);
      await raiseAlert(deps, sent(t.clock.now()));
      expect(await op.ops.alert({ id: a!.id })).toMatchObject({ status: 'new', repeatCount: 2, resolvedAt: null });
      expect(await escalateAlerts(t.core.context('direct'))).toEqual([]);
      t.clock.advance(121_000);
      expect(await escalateAlerts(t.core.context('direct'))).toEqual([a!.id]);
    });
  });
}
