// Missions on a VDA 5050 2.0.0 vehicle written without vda-5050-lib (tests/vda5050/vehicle.ts),
// with every message on the vehicle's topics checked against the official schemas and
// the checks they leave out (tests/vda5050/check.ts).
import mqtt from 'mqtt';
import { afterEach, describe, expect, it } from 'vitest';
import type { MissionView } from '../../core/contract/index.js';
import { startEmbeddedBroker } from '../../core/mqtt/embedded-broker.js';
import { trafficProblems } from '../vda5050/check.js';
import { StandardVehicle, type StandardVehicleOptions } from '../vda5050/vehicle.js';
import { startConsole, uniqueInterface, type TestConsole } from './console.js';
import { CAMPUS, stateMessage } from './vda.js';

const cleanup: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

interface Seen { topic: string; payload: Buffer }

async function setup(vehicle: Partial<StandardVehicleOptions> = {}) {
  const broker = await startEmbeddedBroker();
  cleanup.push(() => broker.close());
  const iface = uniqueInterface();
  // Everything on the vehicles' topics, as it went over the wire.
  const wire: Seen[] = [];
  const spy = await mqtt.connectAsync(broker.url, { clientId: `spy-${iface}` });
  cleanup.push(() => spy.endAsync());
  spy.on('message', (topic, payload) => wire.push({ topic, payload }));
  await spy.subscribeAsync(`${iface}/#`);
  const c = await startConsole(broker.url, { vdaInterface: iface, vehicleTimeoutSeconds: 3 });
  cleanup.push(() => c.stop());
  const v = new StandardVehicle({
    brokerUrl: broker.url, interfaceName: iface, manufacturer: 'Acme', serialNumber: 'std-1', mapId: CAMPUS, x: 230, y: 80, speed: 40, speedMax: 2, ...vehicle,
  });
  await v.start();
  cleanup.push(() => v.stop());
  const live = await expect.poll(async () => (await c.api.fleet.vehicles()).find((x) => x.serialNumber === 'std-1'), { timeout: 10_000 }).toBeTruthy()
    .then(async () => (await c.api.fleet.vehicles()).find((x) => x.serialNumber === 'std-1')!);
  const [site] = await c.api.org.sites();
  const nurse = await c.signedIn(['nurse']);
  const resident = await nurse.missions.createResident({
    siteId: site!.id, firstName: 'Ada', lastName: 'Visser', dateOfBirth: '1941-03-02', wheelchairType: 'manual', requiresAssistance: true, preferredLanguage: 'nl', consent: true,
  });
  const maintenance = await c.signedIn(['maintenance'], `tech-${iface}@site.test`);
  return { c, v, live, wire, resident, iface, maintenance, broker };
}

const until = (c: TestConsole, id: string, status: MissionView['status'], timeout = 30_000) =>
  expect.poll(async () => (await c.api.missions.get({ id })).mission.status, { timeout, interval: 100 }).toBe(status);

const sent = (v: StandardVehicle, type: string) => v.received.filter((r) => r.topic === 'instantActions' && (r.message.actions as Array<{ actionType: string }>).some((a) => a.actionType === type));

describe('a VDA 5050 2.0.0 vehicle without vda-5050-lib', () => {
  it('is asked for its factsheet, is never offered until confirmed, then completes, pauses and resumes transports; every message conforms', async () => {
    const { c, v, live, wire, resident, maintenance } = await setup();
    // First seen: asked for its factsheet, which is stored and shown.
    await expect.poll(async () => (await c.api.fleet.vehicle({ id: live.id })).factsheet?.speedMaxMps ?? null, { timeout: 10_000 }).toBe(2);
    const { factsheet } = await c.api.fleet.vehicle({ id: live.id });
    expect(factsheet).toMatchObject({ seriesName: 'Standard test carrier', agvClass: 'CARRIER', maxLoadMassKg: 300 });
    expect(factsheet!.actions).toContainEqual({ actionType: 'startPause', scopes: ['INSTANT'] });
    expect(factsheet!.limits).toContainEqual({ key: 'timing.minOrderInterval', value: '1' });
    // Registered by itself: not offered, not sent an order.
    const m = await c.api.missions.create({ residentId: resident.id, pickupNode: 'entrance', dropoffNode: 'rehab-south', priority: 'normal' });
    expect((await c.api.missions.suggest({ id: m.id })).find((x) => x.vehicleId === live.id)).toMatchObject({ eligible: false, reason: 'not confirmed yet' });
    await expect(c.api.missions.assign({ missionId: m.id, vehicleId: live.id, version: m.version })).rejects.toThrow(/not confirmed yet/);
    expect(v.received.filter((r) => r.topic === 'order')).toHaveLength(0);
    await maintenance.fleet.confirmVehicle({ id: live.id, name: 'Acme 1' });
    // Its factsheet's 2 m/s times it, not the 1.4 m/s default.
    const [top] = await c.api.missions.suggest({ id: m.id });
    expect(top).toMatchObject({ vehicleId: live.id, eligible: true });
    expect(top!.etaToPickupS).toBe(Math.round(Number(/(\d+) m to the pick-up/.exec(top!.reason)![1]) / 2));
    const fresh = await c.api.missions.get({ id: m.id });
    await c.api.missions.assign({ missionId: m.id, vehicleId: live.id, version: fresh.mission.version });
    await until(c, m.id, 'in_progress');
    await c.api.missions.pause({ missionId: m.id, reason: 'resident asked to wait' });
    expect(v.paused).toBe(true);
    await c.api.missions.resume({ missionId: m.id, reason: 'ready' });
    expect(v.paused).toBe(false);
    await until(c, m.id, 'completed');
    const { timeline } = await c.api.missions.get({ id: m.id });
    expect(timeline.map((e) => e.type)).toEqual(['created', 'assigned', 'started', 'paused', 'resumed', 'pickup_arrived', 'pickup_completed', 'in_transit', 'dropoff_arrived', 'dropoff_completed', 'completed']
      .filter((t) => timeline.some((e) => e.type === t)));
    expect(timeline.map((e) => e.type)).toEqual(expect.arrayContaining(['pickup_arrived', 'pickup_completed', 'in_transit', 'dropoff_arrived', 'dropoff_completed', 'completed']));
    // It keeps its finished order's id; the next mission needs no cancelOrder and completes too.
    expect(v.orderId).toMatch(/^wf-/);
    const next = await c.api.missions.create({ residentId: resident.id, pickupNode: 'entrance', dropoffNode: 'ward-south', priority: 'normal' });
    await c.api.missions.assign({ missionId: next.id, vehicleId: live.id, version: next.version });
    await until(c, next.id, 'completed');
    expect(sent(v, 'cancelOrder')).toHaveLength(0);
    const orders = v.received.filter((r) => r.topic === 'order').map((r) => r.message);
    expect(new Set(orders.map((o) => o.orderId)).size).toBe(2);
    expect(orders.map((o) => o.orderUpdateId)).toEqual([0, 0]);
    expect(trafficProblems(wire)).toEqual([]);
  });

  it('cancels while driving; a cancelOrder to a vehicle with no order (noOrderToCancel) counts as done', async () => {
    const { c, v, live, wire, resident, maintenance } = await setup({ speed: 4 });
    await maintenance.fleet.confirmVehicle({ id: live.id });
    const m = await c.api.missions.create({ residentId: resident.id, pickupNode: 'ward-south', dropoffNode: 'gate', priority: 'normal' });
    await c.api.missions.assign({ missionId: m.id, vehicleId: live.id, version: m.version });
    await expect.poll(() => v.driving, { timeout: 10_000 }).toBe(true);
    await c.api.missions.cancel({ missionId: m.id, reason: 'no longer needed' });
    expect(v.nodes).toEqual([]);
    expect(v.driving).toBe(false);
    expect((await c.api.missions.get({ id: m.id })).mission.status).toBe('cancelled');
    // The order was cancelled: a second cancelOrder has nothing to cancel, which is fine.
    await c.core.context('direct').missions.instant((await c.api.fleet.vehicles()).find((x) => x.id === live.id)!, 'cancelOrder', 5000, ['noOrderToCancel']);
    expect(v.errors.map((e) => e.errorType)).toContain('noOrderToCancel');
    // Without `fine`, the same answer is a refusal in words.
    await expect(c.core.context('direct').missions.instant(live, 'cancelOrder', 5000)).rejects.toThrow(/refused cancelOrder: noOrderToCancel/);
    expect(trafficProblems(wire)).toEqual([]);
  });

  it('ends another master\'s unfinished order before sending its own', async () => {
    const { c, v, live, resident, maintenance, iface, broker } = await setup({ speed: 2 });
    await maintenance.fleet.confirmVehicle({ id: live.id });
    const other = await mqtt.connectAsync(broker.url, { clientId: `other-${iface}` });
    cleanup.push(() => other.endAsync());
    const node = (nodeId: string, sequenceId: number, x: number, y: number) => ({ nodeId, sequenceId, released: true, nodePosition: { x, y, mapId: CAMPUS }, actions: [] });
    await other.publishAsync(`${iface}/v2/Acme/std-1/order`, JSON.stringify({
      headerId: 0, timestamp: new Date().toISOString(), version: '2.0.0', manufacturer: 'Acme', serialNumber: 'std-1', orderId: 'elsewhere-1', orderUpdateId: 0,
      nodes: [node('dock-a', 0, 230, 80), node('j-drive', 2, 195, 130)], edges: [{ edgeId: 'e', sequenceId: 1, released: true, startNodeId: 'dock-a', endNodeId: 'j-drive', actions: [] }],
    }));
    await expect.poll(() => v.orderId, { timeout: 5000 }).toBe('elsewhere-1');
    const m = await c.api.missions.create({ residentId: resident.id, pickupNode: 'entrance', dropoffNode: 'rehab-south', priority: 'normal' });
    await c.api.missions.assign({ missionId: m.id, vehicleId: live.id, version: m.version });
    expect(sent(v, 'cancelOrder')).toHaveLength(1);
    v.o.speed = 40;
    await until(c, m.id, 'completed');
  });

  it('follows only the current order of a vehicle that dropped out and came back', async () => {
    const { c, v, live, wire, resident, maintenance } = await setup({ speed: 3 });
    await maintenance.fleet.confirmVehicle({ id: live.id });
    const m = await c.api.missions.create({ residentId: resident.id, pickupNode: 'ward-south', dropoffNode: 'rehab-south', priority: 'urgent' });
    await c.api.missions.assign({ missionId: m.id, vehicleId: live.id, version: m.version });
    await expect.poll(() => v.driving, { timeout: 10_000 }).toBe(true);
    v.kill();
    await expect.poll(async () => (await c.api.missions.get({ id: m.id })).mission.atRisk, { timeout: 10_000 }).toMatch(/offline/);
    await v.start();
    await expect.poll(async () => (await c.api.missions.get({ id: m.id })).mission.atRisk, { timeout: 10_000 }).toMatch(/came back with no order, not this mission's/);
    // Reassigned to the same vehicle (allowed for a mission at risk): a new order, followed to the end.
    v.o.speed = 40;
    await c.api.missions.reassign({ missionId: m.id, vehicleId: live.id, reason: 'it is back' });
    await until(c, m.id, 'completed');
    const next = await c.api.missions.create({ residentId: resident.id, pickupNode: 'entrance', dropoffNode: 'ward-south', priority: 'normal' });
    await c.api.missions.assign({ missionId: next.id, vehicleId: live.id, version: next.version });
    await until(c, next.id, 'completed');
    expect(trafficProblems(wire)).toEqual([]);
  });

  it('refuses an instant action its factsheet does not list, and shows the errors it reports with their references', async () => {
    const { c, v, live, resident, maintenance } = await setup({ instantActions: ['cancelOrder', 'stateRequest', 'factsheetRequest'], speed: 2 });
    await expect.poll(async () => (await c.api.fleet.vehicle({ id: live.id })).factsheet !== null, { timeout: 10_000 }).toBe(true);
    await maintenance.fleet.confirmVehicle({ id: live.id });
    const m = await c.api.missions.create({ residentId: resident.id, pickupNode: 'ward-south', dropoffNode: 'gate', priority: 'normal' });
    await c.api.missions.assign({ missionId: m.id, vehicleId: live.id, version: m.version });
    await expect(c.api.missions.pause({ missionId: m.id, reason: 'wait' })).rejects.toThrow(/does not support startPause: its factsheet does not list it/);
    expect(sent(v, 'startPause')).toHaveLength(0);
    // Sent anyway behind the console's back, the vehicle's error names the action: the panel shows its references.
    await c.core.context('direct').vda.requestFactsheet(live);
    v['instant']({ actionId: 'manual-1', actionType: 'startPause', blockingType: 'NONE' });
    v.publishState();
    await expect.poll(async () => (await c.api.fleet.vehicles()).find((x) => x.id === live.id)!.errors.find((e) => e.type === 'unsupportedAction') ?? null, { timeout: 5000 })
      .toMatchObject({ level: 'WARNING', references: [{ key: 'actionId', value: 'manual-1' }, { key: 'topic', value: 'instantActions' }] });
  });

  it('quarantines a vehicle speaking another major version, saying which', async () => {
    const { c, iface, broker } = await setup();
    const old = await mqtt.connectAsync(broker.url, { clientId: `old-${iface}` });
    cleanup.push(() => old.endAsync());
    await old.publishAsync(`${iface}/v2/Acme/old-1/state`, JSON.stringify({ ...stateMessage('Acme', 'old-1'), version: '1.1.0' }));
    await expect.poll(async () => (await c.api.fleet.quarantine({})).map((q) => q.reason), { timeout: 5000 })
      .toContain('speaks VDA 5050 version 1.1.0; Watchfloor speaks 2.x (major version 2)');
    expect((await c.api.fleet.vehicles()).some((x) => x.serialNumber === 'old-1')).toBe(false);
  });
});
