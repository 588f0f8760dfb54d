// A field laptop on a shared site broker, started for one vehicle (--field=Acme/r-7), takes
// that vehicle's VDA 5050 topics only: another vehicle's messages on the same broker, good or
// bad, never reach it (not stored, not quarantined, not counted), while a control-room console
// on that broker sees both. Standard test vehicles on a Mosquitto of the test's own.
import mqtt from 'mqtt';
import { afterEach, describe, expect, it } from 'vitest';
import { StandardVehicle } from '../vda5050/vehicle.js';
import { startConsole, uniqueInterface } from './console.js';
import { mosquittoInstalled, ownMosquitto } from './own-mosquitto.js';
import { CAMPUS } from './vda.js';

const cleanup: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

describe.skipIf(!mosquittoInstalled)('field mode on a shared site broker', { timeout: 300_000 }, () => {
  it('subscribes to the one vehicle it was started for; another vehicle is not ingested', async () => {
    const broker = await ownMosquitto();
    cleanup.push(() => broker.close());
    const iface = uniqueInterface();
    const [room, field] = await Promise.all([
      startConsole(broker.url, { vdaInterface: iface }),
      startConsole(broker.url, { vdaInterface: iface, field: true, fieldVehicle: 'Acme/r-7' }),
    ]);
    cleanup.push(() => room.stop(), () => field.stop());
    const mine = new StandardVehicle({ brokerUrl: broker.url, interfaceName: iface, manufacturer: 'Acme', serialNumber: 'r-7', mapId: CAMPUS, x: 230, y: 80 });
    const other = new StandardVehicle({ brokerUrl: broker.url, interfaceName: iface, manufacturer: 'Acme', serialNumber: 'r-8', mapId: CAMPUS, x: 240, y: 90 });
    await Promise.all([mine.start(), other.start()]);
    cleanup.push(() => mine.stop(), () => other.stop());
    const serials = async (c: typeof room) => (await c.api.fleet.vehicles()).map((v) => v.serialNumber).sort();
    // The control room sees both vehicles: both publish on this broker.
    await expect.poll(() => serials(room), { timeout: 120_000, interval: 200 }).toEqual(['r-7', 'r-8']);
    await expect.poll(() => serials(field), { timeout: 120_000, interval: 200 }).toEqual(['r-7']);

    // A malformed message on the other vehicle's state topic, then one on this vehicle's, from one client (the broker keeps
    // their order): the control room quarantines the first; the laptop, once it has the second, never had the first.
    const raw = await mqtt.connectAsync(broker.url, { clientId: `junk-${process.pid}`, reconnectPeriod: 0 });
    cleanup.push(() => raw.endAsync());
    await raw.publishAsync(`${iface}/v2/Acme/r-8/state`, '{"not": "a state"');
    await raw.publishAsync(`${iface}/v2/Acme/r-7/state`, '{"not": "a state"');
    const quarantined = async (c: typeof room) => (await c.db.query<{ topic: string }>('SELECT topic FROM ingest.quarantine ORDER BY topic')).map((q) => q.topic);
    await expect.poll(() => quarantined(room), { timeout: 60_000, interval: 200 }).toEqual([`${iface}/v2/Acme/r-7/state`, `${iface}/v2/Acme/r-8/state`]);
    await expect.poll(() => quarantined(field), { timeout: 60_000, interval: 200 }).toContain(`${iface}/v2/Acme/r-7/state`);
    expect(await quarantined(field)).toEqual([`${iface}/v2/Acme/r-7/state`]);
    const stored = await field.db.query<{ serial_number: string }>('SELECT serial_number FROM fleet.vehicles ORDER BY serial_number');
    expect(stored.map((v) => v.serial_number)).toEqual(['r-7']);
    expect(await serials(field)).toEqual(['r-7']);
  });
});
