// The console's own alert sources on both engines: sensor threshold rules (held for their
// duration, one alert per episode) and the fleet (fatal error, offline on a mission, battery).
import { afterEach, describe, expect, it } from 'vitest';
import type { SensorLive, VehicleLive } from '../../core/contract/index.js';
import { FleetAlerts } from '../../core/ops/fleet-alerts.js';
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
      expect(first).toMatchObject([{ type: 'sensor_temperature', severity: 2, title: 'Terrace: temperature 34 °C (Heat)', lat: 51.4421 }]);
      await t.core.ops.rules.check(at(100, 20)); // cleared
      await t.core.ops.rules.check(at(110, 36));
      await t.core.ops.rules.check(at(150, 36));
      expect(await count()).toHaveLength(1);
      await t.core.ops.rules.check(at(171, 37));
      expect(await count()).toHaveLength(2);
      // Disabled, it raises nothing.
      await admin.ops.saveAlertRule({ siteId: site!.id, id: rule.id, name: 'Heat', sensorKind: 'temperature', comparison: 'gt', threshold: 30, durationS: 0, severity: 2, enabled: false });
      await t.core.ops.rules.check(at(300, 20));
      await t.core.ops.rules.check(at(301, 40));
      expect(await count()).toHaveLength(2);
    });

    it('raises fleet alerts when a fatal error, a lost vehicle on a mission or a critical battery starts, not while it lasts', async () => {
      t = await testCore({ db: await engine.fresh() });
      await t.core.start();
      const op = await t.signedIn(['operator']);
      const [site] = await t.db.query<{ id: string }>("SELECT id FROM org.sites WHERE slug = 'lindenhof'");
      await t.db.query("INSERT INTO fleet.vehicles (id, site_id, manufacturer, serial_number, name) VALUES ('0190a000-0000-7000-8000-000000000001', $1, 'T', 's1', 'sim-01')", [site!.id]);
      const ctx = t.core.context('direct');
      // The mission runner's answer to "which mission is this vehicle on" is the seam here.
      let mission: string | null = null;
      const alerts = new FleetAlerts({ db: t.db, bus: t.core.bus, log: ctx.log, clock: t.clock, missions: { activeMission: () => mission } as never, siteOf: () => site!.id });
      const fatal = [{ type: 'laserScannerFault', level: 'FATAL' as const, description: 'Front scanner blind', references: [] }];
      const seen = async () => (await op.ops.alerts({ siteId: site!.id })).map((a) => `${a.type}:${a.severity}`).sort();
      await alerts.check(vehicle({ errors: fatal, status: 'error' }));
      await alerts.check(vehicle({ errors: fatal, status: 'error' }));
      await alerts.check(vehicle({ status: 'offline' })); // offline without a mission: no alert
      mission = 'mission-1';
      await alerts.check(vehicle({ status: 'offline' }));
      await alerts.check(vehicle({ battery: 9 }));
      await alerts.check(vehicle({ battery: 12 })); // still low: hysteresis up to 15 %
      await alerts.check(vehicle({ battery: 8, charging: true }));
      t.clock.advance(60_000);
      await alerts.check(vehicle({ battery: 9 })); // off the charger again: a new episode
      expect(await seen()).toEqual(['battery_critical:2', 'battery_critical:2', 'vehicle_fatal_error:2', 'vehicle_offline_on_mission:1']);
      const [offline] = (await op.ops.alerts({ siteId: site!.id })).filter((a) => a.type === 'vehicle_offline_on_mission');
      expect(offline).toMatchObject({ source: 'fleet', title: 'sim-01 went offline during a mission', vehicleId: '0190a000-0000-7000-8000-000000000001' });
    });
  });
}
