// The fleet's alerts through the real path: a virtual VDA 5050 vehicle reports errors over
// MQTT, the console's ingest feeds them to its fleet alerts. A bumper touched for a moment
// raises nothing; a fault that lasts raises one alert, which clears itself when the vehicle
// stops reporting it.
import { afterEach, expect, it } from 'vitest';
import { startEmbeddedBroker } from '../../core/mqtt/embedded-broker.js';
import { startSimulator } from '../../core/simulator/index.js';
import { startConsole, uniqueInterface } from './console.js';

const cleanup: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

it('raises nothing for a transient error, one alert for a lasting fatal one, and clears it when the vehicle does', { timeout: 90_000 }, async () => {
  const broker = await startEmbeddedBroker();
  cleanup.push(() => broker.close());
  const iface = uniqueInterface();
  const c = await startConsole(broker.url, { vdaInterface: iface, vehicleTimeoutSeconds: 5 });
  cleanup.push(() => c.stop());
  const sim = await startSimulator({ brokerUrl: broker.url, interfaceName: iface, vehicles: 1, sensors: 0, roam: false, rateHz: 5 });
  cleanup.push(() => sim.stop());
  await expect.poll(async () => (await c.api.fleet.vehicles()).filter((v) => v.status === 'idle').length, { timeout: 20_000 }).toBe(1);
  const [v] = await c.api.fleet.vehicles();
  const sv = sim.vehicles[0]!;
  const fleetAlerts = async () => (await c.api.ops.alerts({})).filter((a) => a.source === 'fleet' && a.vehicleId === v!.id);
  const reports = (type: string) => expect.poll(async () => (await c.api.fleet.vehicles())[0]!.errors.some((e) => e.type === type), { timeout: 10_000 });

  // Touched for a moment: seen by the console, no alert.
  sv.raise('bumperTriggered', 'FATAL', 'Safety bumper triggered');
  await reports('bumperTriggered').toBe(true);
  sv.clear('bumperTriggered');
  await reports('bumperTriggered').toBe(false);

  // A scanner fault that lasts past 10 s: one alert, severity 3.
  sv.raise('laserScannerFault', 'FATAL', 'Front scanner blind');
  await reports('laserScannerFault').toBe(true);
  await expect.poll(async () => (await fleetAlerts()).map((a) => [a.title, a.severity, a.status]), { timeout: 30_000, interval: 500 })
    .toEqual([[`${v!.name}: laserScannerFault`, 3, 'new']]);
  sv.clear('laserScannerFault');
  await expect.poll(async () => (await fleetAlerts()).map((a) => [a.status, a.resolveReason]), { timeout: 15_000, interval: 500 })
    .toEqual([['auto_resolved', 'Cleared by itself: the vehicle no longer reports laserScannerFault.']]);
  expect((await fleetAlerts()).filter((a) => a.title.includes('bumperTriggered'))).toEqual([]);
});
