// Three consoles on one PostgreSQL and one broker, at the size a control room meets: 60,000
// sensor readings and 20 vehicles' states. Every reading and state is stored once, an alert
// sent three times is one alert with two repeats, and escalation and auto-dispatch each happen
// once, although all three consoles hear everything. A change made on one console reaches the
// others' boards and maps within a second. Uses its own Mosquitto and a scratch database.
import mqtt from 'mqtt';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { openPostgres } from '../../db/index.js';
import { startSimulator } from '../../core/simulator/index.js';
import { PASSWORD } from '../../core/testing.js';
import { scratchPostgresUrl } from '../db/engines.js';
import { startConsole, uniqueInterface, type TestConsole } from './console.js';
import { mosquittoInstalled, ownMosquitto } from './own-mosquitto.js';

const cleanup: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f().catch(() => {});
});

const READINGS = 60_000;

/** When the stream first yields a value that `has` accepts. */
async function seen<T>(stream: AsyncIterator<T>, has: (v: T) => boolean): Promise<number> {
  for (;;) {
    const r = await stream.next();
    if (r.done) throw new Error('the stream ended');
    if (has(r.value)) return performance.now();
  }
}
const VEHICLES = 20;

describe.skipIf(!mosquittoInstalled || !inject('pgAdminUrl'))('three consoles hearing the same feeds', () => {
  it('store each reading and state once, count repeats right, and escalate and auto-dispatch once', async () => {
    // Set up as the README's broker settings advise: with Mosquitto's default of 20 messages in
    // flight, each acknowledged once committed, a console this busy passes 20 readings a commit.
    const broker = await ownMosquitto(['max_inflight_messages 1000']);
    cleanup.push(() => broker.close());
    const url = await scratchPostgresUrl();
    const iface = uniqueInterface();
    const consoles: TestConsole[] = [];
    for (let i = 0; i < 3; i++) {
      const c = await startConsole(broker.url, { vdaInterface: iface, vehicleTimeoutSeconds: 10 }, await openPostgres(url));
      cleanup.push(() => c.stop());
      consoles.push(c);
    }
    for (const c of consoles) await expect.poll(() => c.broker.status.state, { timeout: 10_000 }).toBe('connected');
    const [c1] = consoles;
    const db = c1!.db;
    const count = async (sql: string, params: unknown[] = []) => Number((await db.query<{ n: string }>(sql, params))[0]!.n);
    const admin = await c1!.signedIn(['admin'], `admin-${iface}@site.test`);
    const [site] = await admin.org.sites();
    await admin.ops.setEscalation({ siteId: site!.id, seconds: 10 });

    // External alerts: one sent three times, and a severe one nobody acknowledges.
    const pub = await mqtt.connectAsync(broker.url, { clientId: `pub-once-${process.pid}` });
    cleanup.push(() => pub.endAsync(true));
    const alert = (externalId: string, severity: number) => pub.publishAsync(`watchfloor/v1/lindenhof/alerts/fire-panel`,
      JSON.stringify({ externalId, type: 'smoke', severity, title: `Smoke ${externalId}` }), { qos: 1 });
    for (let i = 0; i < 3; i++) await alert('repeated', 3);
    await alert('severe', 1);

    // Twenty vehicles publishing their states, as every console hears them; each state and
    // visualization message is one telemetry row, so a spy on the broker counts what is due.
    const spy = await mqtt.connectAsync(broker.url, { clientId: `spy-once-${process.pid}` });
    cleanup.push(() => spy.endAsync(true));
    let states = 0;
    spy.on('message', () => void states++);
    await spy.subscribeAsync([`${iface}/v2/+/+/state`, `${iface}/v2/+/+/visualization`]);
    const sim = await startSimulator({ brokerUrl: broker.url, interfaceName: iface, vehicles: VEHICLES, sensors: 0, roam: false, rateHz: 2, timeLapse: 10 });
    cleanup.push(() => sim.stop());

    // 60,000 readings from four sensors, in acknowledged rounds of 1,000, 100 ms apart over the last 100 minutes.
    const base = Date.now() - 6_000_000;
    for (let from = 0; from < READINGS; from += 1000) {
      await Promise.all(Array.from({ length: 1000 }, (_, k) => {
        const i = from + k;
        const reading = { ts: new Date(base + i * 100).toISOString(), kind: 'noise', value: i, lat: 51.4418, lon: 5.4702 };
        return pub.publishAsync(`watchfloor/v1/lindenhof/sensors/once-${i % 4}/reading`, JSON.stringify(reading), { qos: 1 });
      }));
    }
    await expect.poll(() => count('SELECT count(*) AS n FROM fleet.sensor_readings'), { timeout: 120_000, interval: 500 }).toBe(READINGS);
    expect(await count('SELECT count(DISTINCT value) AS n FROM fleet.sensor_readings')).toBe(READINGS);
    expect(await count('SELECT count(*) AS n FROM fleet.sensors')).toBe(4);

    // Auto-dispatch: the vehicles confirmed, one mission due now.
    await expect.poll(async () => (await admin.fleet.vehicles()).filter((v) => v.status === 'idle' && v.lastNodeId).length, { timeout: 60_000, interval: 500 }).toBe(VEHICLES);
    for (const v of await admin.fleet.vehicles()) await admin.fleet.confirmVehicle({ id: v.id });
    const resident = await admin.missions.createResident({
      siteId: site!.id, firstName: 'Ada', lastName: 'Visser', dateOfBirth: '1941-03-02', wheelchairType: 'manual', requiresAssistance: true,
      preferredLanguage: 'nl', medicalNotes: '', consent: true,
    });
    const mission = await admin.missions.create({ residentId: resident.id, pickupNode: 'entrance', dropoffNode: 'rehab-south', priority: 'normal' });
    await admin.missions.setAutoDispatch({ siteId: site!.id, on: true });
    await expect.poll(async () => (await admin.missions.get({ id: mission.id })).mission.status, { timeout: 30_000, interval: 250 }).not.toBe('pending');

    // Escalated by the console holding the duty, after the site's 10 s.
    await expect.poll(() => count("SELECT count(*) AS n FROM ops.alerts WHERE external_id = 'severe' AND escalated_at IS NOT NULL"), { timeout: 30_000, interval: 250 }).toBe(1);
    // Two more rounds of every console's background work (auto-dispatch and escalation every 5 s) change nothing.
    const settled = Date.now();
    await expect.poll(() => Date.now() - settled, { timeout: 20_000, interval: 1000 }).toBeGreaterThan(11_000);

    expect(await count("SELECT count(*) AS n FROM audit.entries WHERE action = 'ops.escalate_alert'")).toBe(1);
    expect(await count('SELECT count(*) AS n FROM fleet.mission_events WHERE mission_id = $1 AND event_type = \'assigned\'', [mission.id])).toBe(1);
    expect(await count("SELECT count(*) AS n FROM audit.entries WHERE action = 'missions.auto_dispatch' AND outcome = 'success'")).toBe(1);
    expect(await count("SELECT count(*) AS n FROM audit.entries WHERE action = 'missions.auto_dispatch' AND outcome <> 'success'")).toBe(0);
    const alerts = await db.query<{ external_id: string; repeat_count: number }>("SELECT external_id, repeat_count FROM ops.alerts WHERE source = 'fire-panel' ORDER BY external_id");
    expect(alerts.map((a) => `${a.external_id}×${a.repeat_count}`)).toEqual(['repeated×2', 'severe×0']);

    // An incident created on console 2 reaches console 1's board, and a mission assigned on
    // console 3 its missions and their map, each within a second.
    const abort = new AbortController();
    cleanup.push(async () => abort.abort());
    const watch = c1!.core.caller('direct', abort.signal, { token: null });
    await watch.auth.login({ email: `admin-${iface}@site.test`, password: PASSWORD });
    const board = (await watch.ops.onChanged())[Symbol.asyncIterator]();
    const missions = (await watch.missions.onChanged())[Symbol.asyncIterator]();
    await board.next();
    await missions.next();
    let at = performance.now();
    const incident = await consoles[1]!.api.ops.createIncident({ siteId: site!.id, type: 'fall', category: 'fall', priority: 2, title: 'Fall by the pond', needs: [] });
    expect(await seen(board, (v) => v.incidents.includes(incident.id)) - at).toBeLessThan(1000);
    expect((await watch.ops.incidents({ siteId: site!.id })).map((i) => i.id)).toContain(incident.id);
    await admin.missions.setAutoDispatch({ siteId: site!.id, on: false });
    const second = await admin.missions.create({ residentId: resident.id, pickupNode: 'main-east', dropoffNode: 'ward-west', priority: 'normal' });
    const free = (await admin.fleet.vehicles()).find((v) => v.status === 'idle')!;
    at = performance.now();
    await consoles[2]!.api.missions.assign({ missionId: second.id, vehicleId: free.id, version: second.version });
    expect(await seen(missions, (v) => v.ids.includes(second.id)) - at).toBeLessThan(1000);
    expect((await watch.missions.get({ id: second.id })).mission).toMatchObject({ vehicleId: free.id });

    // Each vehicle registered once, and each of its messages stored once.
    await sim.stop();
    for (const c of consoles) await c.core.fleet.writer.flush();
    expect(await count('SELECT count(*) AS n FROM fleet.vehicles')).toBe(VEHICLES);
    expect(await count('SELECT count(DISTINCT vehicle_id) AS n FROM fleet.telemetry')).toBe(VEHICLES);
    expect(states).toBeGreaterThan(VEHICLES * 10);
    await expect.poll(() => count('SELECT count(*) AS n FROM fleet.telemetry'), { timeout: 10_000, interval: 250 }).toBe(states);
  }, 300_000);
});
