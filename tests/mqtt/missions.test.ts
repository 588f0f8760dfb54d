// Missions on virtual VDA 5050 vehicles through a real (embedded) broker: from pending to
// completed on their own, cancel, pause and resume, a vehicle lost mid-mission, and two
// operators racing for the same mission or vehicle.
import mqtt from 'mqtt';
import { afterEach, describe, expect, it } from 'vitest';
import type { MissionView } from '../../core/contract/index.js';
import { dispatchDue } from '../../core/missions/scheduler.js';
import { systemContext } from '../../core/trpc.js';
import { startEmbeddedBroker } from '../../core/mqtt/embedded-broker.js';
import { startSimulator, type Simulator } from '../../core/simulator/index.js';
import { trafficProblems } from '../vda5050/check.js';
import { startConsole, uniqueInterface, type TestConsole } from './console.js';

const cleanup: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

async function setup(vehicles = 3) {
  const broker = await startEmbeddedBroker();
  cleanup.push(() => broker.close());
  const iface = uniqueInterface();
  // What the console sends the vehicles, checked against the official schemas (and headerIds per vehicle) after each test.
  const spy = await mqtt.connectAsync(broker.url, { clientId: `spy-${iface}` });
  cleanup.push(async () => {
    await spy.endAsync();
    expect(trafficProblems(sent)).toEqual([]);
  });
  const sent: Array<{ topic: string; payload: Buffer }> = [];
  spy.on('message', (topic, payload) => sent.push({ topic, payload }));
  await spy.subscribeAsync([`${iface}/v2/+/+/order`, `${iface}/v2/+/+/instantActions`]);
  const c = await startConsole(broker.url, { vdaInterface: iface, vehicleTimeoutSeconds: 5 });
  cleanup.push(() => c.stop());
  // Ten simulated seconds per second, so a 200 m transport takes a few seconds.
  const sim = await startSimulator({ brokerUrl: broker.url, interfaceName: iface, vehicles, sensors: 0, roam: false, rateHz: 5, timeLapse: 10 });
  cleanup.push(() => sim.stop());
  await expect.poll(async () => (await c.api.fleet.vehicles()).filter((v) => v.status === 'idle' && v.lastNodeId).length, { timeout: 20_000 }).toBe(vehicles);
  // They registered themselves: confirmed before they may take missions.
  const tech = await c.signedIn(['maintenance'], `tech-${iface}@site.test`);
  for (const v of await c.api.fleet.vehicles()) await tech.fleet.confirmVehicle({ id: v.id });
  const [site] = await c.api.org.sites();
  const nurse = await c.signedIn(['nurse']);
  const resident = await nurse.missions.createResident({
    siteId: site!.id, firstName: 'Ada', lastName: 'Visser', dateOfBirth: '1941-03-02', wheelchairType: 'manual', requiresAssistance: true,
    preferredLanguage: 'nl', medicalNotes: 'Oxygen on longer trips', consent: true,
  });
  const ops = [c.api, await c.signedIn(['dispatcher'], 'second@site.test')] as const;
  return { c, sim, site: site!, resident, nurse, ops };
}

/** A refusal about one field: its sentence, and the field named for the form to show it next to (as "field: sentence" on the wire). */
async function refusedAt(call: Promise<unknown>, field: string, message: string): Promise<void> {
  const err = (await call.then(() => null, (e: unknown) => e)) as { cause?: { issues?: { path: string[]; message: string }[] } } | null;
  expect(err?.cause?.issues?.map((i) => [i.path.join('.'), i.message])).toEqual([[field, message]]);
}

const until = (c: TestConsole, id: string, status: MissionView['status'], timeout = 45_000) =>
  expect.poll(async () => (await c.api.missions.get({ id })).mission.status, { timeout, interval: 200 }).toBe(status);

describe('missions on virtual vehicles', () => {
  it('auto-dispatches due missions at a site with the switch on: ASAP at once, a scheduled one when due', async () => {
    const { c, resident, site } = await setup(2);
    const soon = await c.api.missions.create({ residentId: resident.id, pickupNode: 'entrance', dropoffNode: 'rehab-south', priority: 'normal' });
    const later = await c.api.missions.create({ residentId: resident.id, pickupNode: 'main-east', dropoffNode: 'ward-west', priority: 'urgent', scheduledAt: new Date(Date.now() + 3_600_000).toISOString() });
    expect(await dispatchDue(systemContext(c.core.context('direct'), 'missions.autoDispatch'))).toEqual([]); // switch off: nothing moves
    await c.api.missions.setAutoDispatch({ siteId: site.id, on: true });
    // The core's scheduler (every 5 s) or this pass, whichever comes first.
    await dispatchDue(systemContext(c.core.context('direct'), 'missions.autoDispatch'));
    const { mission, timeline } = await c.api.missions.get({ id: soon.id });
    expect(mission.status).toMatch(/assigned|in_progress/);
    expect(timeline.find((e) => e.type === 'assigned')).toMatchObject({ actor: null, details: { reason: expect.stringMatching(/^auto-dispatch: .* m to the pick-up/) } });
    expect((await c.api.missions.get({ id: later.id })).mission.status).toBe('pending');
    await c.db.query("UPDATE fleet.missions SET scheduled_at = now() + interval '1 minute' WHERE id = $1", [later.id]);
    await expect.poll(async () => (await c.api.missions.get({ id: later.id })).mission.status, { timeout: 12_000 }).not.toBe('pending');
  });

  it('runs a mission from pending to completed on its own, with the whole timeline', async () => {
    const { c, resident } = await setup();
    const m = await c.api.missions.create({ residentId: resident.id, pickupNode: 'entrance', dropoffNode: 'rehab-south', priority: 'high', notes: 'to physio' });
    expect(m).toMatchObject({ status: 'pending', resident: 'A. Visser', pickup: 'Main Entrance', dropoff: 'Rehab Centre', priority: 'high' });
    const ranked = await c.api.missions.suggest({ id: m.id });
    expect(ranked[0]).toMatchObject({ eligible: true });
    expect(ranked[0]!.reason).toMatch(/m to the pick-up/);
    const assigned = await c.api.missions.assign({ missionId: m.id, vehicleId: ranked[0]!.vehicleId, version: m.version, reason: 'top suggestion' });
    expect(assigned).toMatchObject({ status: 'assigned', vehicle: ranked[0]!.name });
    // While it runs: when it should be at the pick-up and the drop-off, and the route on the map.
    const running = await c.api.missions.get({ id: m.id });
    expect(Date.parse(running.mission.expectedArrivalAt!)).toBeGreaterThan(Date.parse(running.mission.expectedPickupAt!));
    expect(running.route.trip.length).toBeGreaterThanOrEqual(2);
    expect(running.route.trip[0]![1]).toBeCloseTo(51.442, 2);
    // While it carries the resident, the vehicle reports a wheelchair on board.
    await expect.poll(async () => (await c.api.fleet.vehicles()).find((v) => v.id === ranked[0]!.vehicleId)!.loads[0]?.type ?? null, { timeout: 30_000, interval: 100 }).toBe('wheelchair');
    await until(c, m.id, 'completed');
    const { mission, timeline } = await c.api.missions.get({ id: m.id });
    expect(timeline.map((e) => e.type)).toEqual(['created', 'assigned', 'started', 'pickup_arrived', 'pickup_completed', 'in_transit', 'dropoff_arrived', 'dropoff_completed', 'completed']);
    expect(mission.startedAt && mission.pickedUpAt && mission.completedAt).toBeTruthy();
    expect(mission).toMatchObject({ expectedPickupAt: null, expectedArrivalAt: null });
    const audit = await c.db.query<{ action: string }>("SELECT action FROM audit.entries WHERE resource_type = 'mission' ORDER BY seq");
    expect(audit.map((a) => a.action)).toEqual(['missions.create', 'missions.suggest', 'missions.assign']);
    // The queue no longer shows it; the history does.
    expect((await c.api.missions.list({})).some((x) => x.id === m.id)).toBe(false);
    expect((await c.api.missions.list({ statuses: ['completed'] })).map((x) => x.id)).toContain(m.id);
  });

  it('cancels and pauses an active mission on the vehicle', async () => {
    const { c, resident, sim } = await setup(2);
    const [v1, v2] = await c.api.fleet.vehicles();
    const a = await c.api.missions.create({ residentId: resident.id, pickupNode: 'pond-w2', dropoffNode: 'rehab-east', priority: 'normal' });
    await c.api.missions.assign({ missionId: a.id, vehicleId: v1!.id, version: a.version });
    await until(c, a.id, 'in_progress');
    await c.api.missions.pause({ missionId: a.id, reason: 'resident asked to wait' });
    await expect.poll(async () => (await c.api.fleet.vehicles()).find((v) => v.id === v1!.id)!.paused, { timeout: 10_000 }).toBe(true);
    await c.api.missions.resume({ missionId: a.id, reason: 'ready again' });
    await expect.poll(async () => (await c.api.fleet.vehicles()).find((v) => v.id === v1!.id)!.paused, { timeout: 10_000 }).toBe(false);
    await c.api.missions.cancel({ missionId: a.id, reason: 'transport no longer needed' });
    const { mission, timeline } = await c.api.missions.get({ id: a.id });
    expect(mission.status).toBe('cancelled');
    expect(timeline.map((e) => e.type)).toEqual(expect.arrayContaining(['paused', 'resumed', 'cancelled']));
    await expect.poll(() => sim.vehicles.find((s) => s.opts.serialNumber === v1!.serialNumber)!.controller.hasActiveOrder, { timeout: 10_000 }).toBe(false);
    // Cancelled is final.
    await expect(c.api.missions.cancel({ missionId: a.id, reason: 'again' })).rejects.toThrow(/already cancelled/);
    void v2;
  });

  it('marks a mission at risk when its vehicle is lost, and another vehicle completes it', async () => {
    const { c, resident, sim } = await setup(2);
    const [v1, v2] = await c.api.fleet.vehicles();
    const m = await c.api.missions.create({ residentId: resident.id, pickupNode: 'entrance', dropoffNode: 'rehab-south', priority: 'urgent' });
    await c.api.missions.assign({ missionId: m.id, vehicleId: v1!.id, version: m.version });
    await until(c, m.id, 'in_progress');
    sim.vehicles.find((s) => s.opts.serialNumber === v1!.serialNumber)!.kill();
    await expect.poll(async () => (await c.api.missions.get({ id: m.id })).mission.atRisk, { timeout: 10_000 }).toMatch(/offline/);
    const candidates = await c.api.missions.suggest({ id: m.id });
    expect(candidates.find((x) => x.vehicleId === v1!.id)).toMatchObject({ eligible: false, reason: 'offline' });
    await c.api.missions.reassign({ missionId: m.id, vehicleId: v2!.id, reason: 'first vehicle lost its link' });
    await until(c, m.id, 'completed');
    const { mission, timeline } = await c.api.missions.get({ id: m.id });
    expect(mission).toMatchObject({ vehicleId: v2!.id, atRisk: null });
    expect(timeline.map((e) => e.type)).toEqual(expect.arrayContaining(['at_risk', 'reassigned', 'completed']));
  });

  it('after a restart, marks running missions at risk, saying why', async () => {
    const { c, resident } = await setup(1);
    const [v1] = await c.api.fleet.vehicles();
    const m = await c.api.missions.create({ residentId: resident.id, pickupNode: 'entrance', dropoffNode: 'rehab-south', priority: 'normal' });
    await c.api.missions.assign({ missionId: m.id, vehicleId: v1!.id, version: m.version });
    await until(c, m.id, 'in_progress');
    await c.core.stop();
    await c.broker.stop();
    const again = await startConsole(c.broker.options.url, { vdaInterface: c.core.context('direct').config.vdaInterface, vehicleTimeoutSeconds: 5 }, c.db);
    cleanup.push(() => again.core.stop().then(() => again.broker.stop()));
    const { mission, timeline } = await again.api.missions.get({ id: m.id });
    expect(mission.atRisk).toMatch(/restarted while this mission ran/);
    expect(timeline.at(-1)).toMatchObject({ type: 'at_risk', actor: null });
  });

  it('gives one of two racing operators the assignment and the other a conflict naming who', async () => {
    const { c, resident, ops } = await setup(2);
    const [v1, v2] = await c.api.fleet.vehicles();
    const m = await c.api.missions.create({ residentId: resident.id, pickupNode: 'main-east', dropoffNode: 'entrance', priority: 'normal' });
    const race = await Promise.allSettled([
      ops[0].missions.assign({ missionId: m.id, vehicleId: v1!.id, version: m.version }),
      ops[1].missions.assign({ missionId: m.id, vehicleId: v2!.id, version: m.version }),
    ]);
    expect(race.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const lost = race.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(String(lost.reason)).toMatch(/already assigned to sim-0[12] \(assigned by [\w-]+@site\.test at \d\d:\d\d:\d\d UTC\)/);
    // One vehicle, two missions.
    const busy = (await c.api.missions.get({ id: m.id })).mission.vehicleId!;
    const other = await c.api.missions.create({ residentId: resident.id, pickupNode: 'ward-east', dropoffNode: 'main-east', priority: 'low' });
    await expect(ops[1].missions.assign({ missionId: other.id, vehicleId: busy, version: other.version })).rejects.toThrow(/is already on the mission for A\. Visser, assigned by/);
    expect((await c.api.missions.get({ id: other.id })).mission).toMatchObject({ status: 'pending', vehicleId: null });
    const events = await c.db.query<{ n: string }>("SELECT count(*) AS n FROM fleet.mission_events WHERE event_type = 'assigned'");
    expect(Number(events[0]!.n)).toBe(1);
  });

  it('refuses a drop-off equal to the pick-up, a place not on the map, and a resident without consent', async () => {
    const { c, resident, nurse, site } = await setup(1);
    await expect(c.api.missions.create({ residentId: resident.id, pickupNode: 'entrance', dropoffNode: 'entrance', priority: 'normal' })).rejects.toThrow('The drop-off is the pick-up: choose another place.');
    await expect(c.api.missions.create({ residentId: resident.id, pickupNode: 'atlantis', dropoffNode: 'entrance', priority: 'normal' })).rejects.toThrow("The pick-up is not a place on this floor's map (a transport runs on one floor).");
    await expect(c.api.missions.create({ residentId: resident.id, pickupNode: 'j-drive', dropoffNode: 'entrance', priority: 'normal' })).rejects.toThrow(/is a path junction, not a place to pick up a resident/);
    // Chargers and docks are for vehicles, not residents.
    await refusedAt(c.api.missions.create({ residentId: resident.id, pickupNode: 'charger-1', dropoffNode: 'entrance', priority: 'normal' }), 'pickupNode', 'Charger 1 is a charger, where vehicles charge, not a place to pick up a resident.');
    await refusedAt(c.api.missions.create({ residentId: resident.id, pickupNode: 'entrance', dropoffNode: 'dock-a', priority: 'normal' }), 'dropoffNode', 'Dock A is a dock, where vehicles park, not a place to drop off a resident.');
    // A time in the past is refused, unless the transport is recorded as backdated with a reason.
    const past = new Date(Date.now() - 3_600_000).toISOString();
    await refusedAt(c.api.missions.create({ residentId: resident.id, pickupNode: 'entrance', dropoffNode: 'ward-west', priority: 'normal', scheduledAt: '2020-01-01T09:00:00Z' }), 'scheduledAt', 'The pick-up time is in the past. Choose a time from now on, or record the transport as backdated with a reason.');
    await refusedAt(c.api.missions.create({ residentId: resident.id, pickupNode: 'entrance', dropoffNode: 'ward-west', priority: 'normal', scheduledAt: past, backdated: { reason: '' } }),
      'backdated.reason', 'say why the transport is backdated, in at least 3 characters');
    await expect(c.api.missions.create({ residentId: resident.id, pickupNode: 'entrance', dropoffNode: 'ward-west', priority: 'normal', scheduledAt: '2099-01-01T09:00:00Z' }))
      .rejects.toThrow(/more than 90 days ahead/);
    const noConsent = await nurse.missions.createResident({ siteId: site.id, firstName: 'Bo', lastName: 'Jansen', dateOfBirth: '1950-01-01', wheelchairType: 'powered', requiresAssistance: false, preferredLanguage: 'nl', consent: false });
    await expect(c.api.missions.create({ residentId: noConsent.id, pickupNode: 'main-east', dropoffNode: 'entrance', priority: 'normal' })).rejects.toThrow(/B\. Jansen has not given consent/);
    expect(await c.db.query('SELECT id FROM fleet.missions')).toHaveLength(0);
    // Recorded after the fact, with a reason: accepted, and the reason kept on its timeline.
    const late = await c.api.missions.create({ residentId: resident.id, pickupNode: 'entrance', dropoffNode: 'ward-west', priority: 'normal', scheduledAt: past, backdated: { reason: 'done by hand during the outage' } });
    expect((await c.api.missions.get({ id: late.id })).timeline[0]).toMatchObject({ type: 'created', details: { backdated: 'done by hand during the outage', scheduledAt: past } });
    await c.api.missions.cancel({ missionId: late.id, reason: 'recorded only' });
    // Personal details: the nurse reads them (audited); the operator may not.
    await expect(c.api.missions.resident({ id: resident.id })).rejects.toThrow(/residents:read_pii/);
    expect(await nurse.missions.resident({ id: resident.id })).toMatchObject({ firstName: 'Ada', dateOfBirth: '1941-03-02', medicalNotes: 'Oxygen on longer trips' });
    const [stored] = await c.db.query<{ medical_notes_enc: string }>('SELECT medical_notes_enc FROM fleet.residents WHERE id = $1', [resident.id]);
    expect(stored!.medical_notes_enc).not.toContain('Oxygen');
    const reads = await c.db.query("SELECT 1 FROM audit.entries WHERE body->>'action' = 'residents.read_medical_notes'");
    expect(reads).toHaveLength(1);
  });
});

export type { Simulator };
