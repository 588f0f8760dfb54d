// Commands a technician sends one vehicle, held to the safety rules, against the standard
// test vehicle (tests/vda5050/vehicle.ts, written without vda-5050-lib) on a Mosquitto of the
// test's own, from a console in field mode started for that vehicle: each command's
// life (sent → acknowledged → finished or failed, or timed out), the permission, the
// factsheet, the two-person rule, the confirmation naming a disturbed transport, and
// error episodes from a vehicle that raises and clears errors.
import { afterEach, describe, expect, it } from 'vitest';
import type { CommandView } from '../../core/contract/index.js';
import { StandardVehicle, type StandardVehicleOptions } from '../vda5050/vehicle.js';
import { startConsole, uniqueInterface, type TestConsole } from './console.js';
import { mosquittoInstalled, ownMosquitto } from './own-mosquitto.js';
import { CAMPUS } from './vda.js';

const cleanup: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

async function setup(vehicle: Partial<StandardVehicleOptions> = {}) {
  const broker = await ownMosquitto();
  cleanup.push(() => broker.close());
  const iface = uniqueInterface();
  // A technician's laptop in field mode, started for this vehicle, on the vehicle's own broker.
  const c = await startConsole(broker.url, { vdaInterface: iface, vehicleTimeoutSeconds: 5, field: true, fieldVehicle: 'Acme/std-1' });
  cleanup.push(() => c.stop());
  const v = new StandardVehicle({ brokerUrl: broker.url, interfaceName: iface, manufacturer: 'Acme', serialNumber: 'std-1', mapId: CAMPUS, x: 230, y: 80, speed: 2, instantSeconds: 0.4, ...vehicle });
  await v.start();
  cleanup.push(() => v.stop());
  await expect.poll(async () => (await c.api.fleet.vehicles()).some((x) => x.serialNumber === 'std-1'), { timeout: 10_000 }).toBe(true);
  const live = (await c.api.fleet.vehicles()).find((x) => x.serialNumber === 'std-1')!;
  const tech = await c.signedIn(['maintenance'], `tech-${iface}@site.test`);
  const second = await c.signedIn(['operator'], `second-${iface}@site.test`);
  await tech.fleet.confirmVehicle({ id: live.id, name: 'Acme 1' });
  await expect.poll(async () => (await c.api.fleet.vehicle({ id: live.id })).factsheet !== null, { timeout: 20_000 }).toBe(true);
  return { c, v, live, tech, second, iface };
}

type Api = TestConsole['api'];
/** The command once it reached one of `statuses`. */
async function settled(api: Api, vehicleId: string, id: string, statuses: CommandView['status'][], timeout = 10_000): Promise<CommandView> {
  let found: CommandView | undefined;
  await expect.poll(async () => {
    found = (await api.field.service({ vehicleId })).commands.find((x) => x.id === id);
    return statuses.includes(found!.status);
  }, { timeout, interval: 50 }).toBe(true);
  return found!;
}

const audit = (c: TestConsole, resourceId: string) =>
  c.db.query<{ action: string; outcome: string; actor_email: string | null; reason: string | null; new_values: Record<string, unknown> | null }>(
    'SELECT action, outcome, actor_email, reason, new_values FROM audit.entries WHERE resource_id = $1 ORDER BY seq', [resourceId]);

const sent = (v: StandardVehicle, type: string) =>
  v.received.filter((r) => r.topic === 'instantActions' && (r.message.actions as Array<{ actionType: string }>).some((a) => a.actionType === type));

// Each test starts a console, a broker and a vehicle and waits for its factsheet: on a loaded machine that alone takes tens of seconds.
describe.skipIf(!mosquittoInstalled)('commands to one vehicle, on its own broker', { timeout: 150_000 }, () => {
  it('pauses with a reason: sent, acknowledged in actionStates, finished; audited with the reason and the outcome', async () => {
    const { c, v, live, tech } = await setup();
    const cmd = await tech.field.command({ vehicleId: live.id, actionType: 'startPause', reason: 'checking the left bumper' });
    expect(cmd).toMatchObject({ status: 'sent', reason: 'checking the left bumper', requestedBy: expect.stringMatching(/^tech-/) });
    const done = await settled(tech, live.id, cmd.id, ['finished', 'failed', 'timed_out']);
    expect(done.status).toBe('finished');
    expect(v.paused).toBe(true);
    // The vehicle listed it RUNNING (acknowledged) before it reported it FINISHED 0.4 s later.
    expect(Date.parse(done.endedAt!) - Date.parse(done.acknowledgedAt!)).toBeGreaterThanOrEqual(250);
    expect(done.roundTripMs).toBeGreaterThanOrEqual(300);
    const entries = await audit(c, live.id);
    expect(entries.find((e) => e.action === 'field.command')).toMatchObject({ outcome: 'success', new_values: expect.objectContaining({ actionType: 'startPause', reason: 'checking the left bumper' }) });
    expect((await audit(c, cmd.id)).find((e) => e.action === 'field.command_ended')).toMatchObject({ outcome: 'success', new_values: expect.objectContaining({ status: 'finished' }) });
    // logReport carries the reason to the vehicle.
    const log = await tech.field.command({ vehicleId: live.id, actionType: 'logReport', reason: 'drive fault at gate' });
    expect((await settled(tech, live.id, log.id, ['finished', 'failed', 'timed_out'])).status).toBe('finished');
    expect(v.logReports).toEqual(['drive fault at gate']);
  });

  it('times out with a clear message when the vehicle never answers, and says failed when it reports FAILED', async () => {
    const { c, v, live, tech } = await setup();
    v.answering = false;
    const silent = await tech.field.command({ vehicleId: live.id, actionType: 'stateRequest', reason: 'is it listening?', timeoutSeconds: 1 });
    const t = await settled(tech, live.id, silent.id, ['finished', 'failed', 'timed_out']);
    expect(t).toMatchObject({ status: 'timed_out', acknowledgedAt: null, detail: 'Acme 1 did not acknowledge stateRequest within 1 s: it may be offline or not reading instant actions. Whether it acted is not known.' });
    expect(sent(v, 'stateRequest')).toHaveLength(1);
    v.answering = true;
    // No order to cancel: FAILED with a noOrderToCancel error naming the action.
    const cancel = await tech.field.command({ vehicleId: live.id, actionType: 'cancelOrder', reason: 'clear it before the test drive' });
    const f = await settled(tech, live.id, cancel.id, ['finished', 'failed', 'timed_out']);
    expect(f.status).toBe('failed');
    expect(f.detail).toMatch(/Acme 1 refused cancelOrder: noOrderToCancel: there is no order to cancel/);
    v.failing.add('logReport');
    const log = await tech.field.command({ vehicleId: live.id, actionType: 'logReport', reason: 'collect logs' });
    expect(await settled(tech, live.id, log.id, ['finished', 'failed', 'timed_out'])).toMatchObject({ status: 'failed', detail: expect.stringMatching(/logReport refused by the vehicle/) });
    expect((await audit(c, cancel.id)).map((e) => [e.action, e.outcome])).toContainEqual(['field.command_ended', 'failed']);
  });

  it('refuses someone without fleet:command (audited), a command without a reason, and one the factsheet rules out (not offered, not sent)', async () => {
    const { c, v, live, tech } = await setup({ instantActions: ['startPause', 'stopPause', 'stateRequest', 'factsheetRequest'] });
    const viewer = await c.signedIn(['viewer'], 'viewer-field@site.test');
    await expect(viewer.field.command({ vehicleId: live.id, actionType: 'startPause', reason: 'just looking' })).rejects.toMatchObject({ code: 'FORBIDDEN', message: /needs the fleet:command permission/ });
    const [denied] = await c.db.query<{ outcome: string; actor_email: string }>("SELECT outcome, actor_email FROM audit.entries WHERE outcome = 'denied' AND actor_email = 'viewer-field@site.test'");
    expect(denied).toBeTruthy();
    await expect(tech.field.command({ vehicleId: live.id, actionType: 'startPause', reason: '' })).rejects.toThrow(/Say why, in a few words/);
    const view = await tech.field.service({ vehicleId: live.id });
    expect(view.offered).toEqual(['startPause', 'stopPause', 'stateRequest', 'factsheetRequest']);
    await expect(tech.field.command({ vehicleId: live.id, actionType: 'cancelOrder', reason: 'try it' })).rejects.toThrow(/does not support cancelOrder: its factsheet does not list it/);
    expect(sent(v, 'cancelOrder')).toHaveLength(0);
    expect(sent(v, 'startPause')).toHaveLength(0);
  });

  it('two-person rule: initPosition waits for a second person, the first cannot confirm it, the second does and both are audited', async () => {
    const { c, v, live, tech, second } = await setup();
    const ask = await tech.field.command({ vehicleId: live.id, actionType: 'initPosition', reason: 'relocalised after moving it by hand', position: { x: 240, y: 85, theta: 1.2, mapId: CAMPUS } });
    expect(ask).toMatchObject({ status: 'awaiting_confirmation', sentAt: null });
    expect(Date.parse(ask.expiresAt!) - Date.parse(ask.requestedAt)).toBe(120_000);
    expect(sent(v, 'initPosition')).toHaveLength(0);
    await expect(tech.field.confirm({ commandId: ask.id })).rejects.toMatchObject({ code: 'FORBIDDEN', message: /A second person must confirm this command: you asked for it yourself/ });
    const confirmed = await second.field.confirm({ commandId: ask.id });
    expect(confirmed).toMatchObject({ status: 'sent', confirmedBy: expect.stringMatching(/^second-/) });
    expect((await settled(tech, live.id, ask.id, ['finished', 'failed', 'timed_out'])).status).toBe('finished');
    expect([v.x, v.y, v.theta]).toEqual([240, 85, 1.2]);
    await expect(second.field.confirm({ commandId: ask.id })).rejects.toThrow(/not waiting for a confirmation \(it is finished\)/);
    const entries = (await audit(c, ask.id)).map((e) => [e.action, e.outcome, e.actor_email?.split('-')[0]]);
    // The end is recorded under the confirming person's session, which sent it.
    expect(entries).toEqual([['field.confirm', 'denied', 'tech'], ['field.confirm', 'success', 'second'], ['field.command_ended', 'success', 'second'], ['field.confirm', 'failed', 'second']]);
    expect((await audit(c, live.id)).find((e) => e.action === 'field.command')?.new_values).toMatchObject({ awaitingSecondPerson: true, actionType: 'initPosition' });
  });

  it('resuming after an e-stop needs a second person; after that resume, a plain pause and resume do not', async () => {
    const { v, live, tech, second } = await setup();
    v.pressEStop('MANUAL');
    await expect.poll(async () => (await tech.field.service({ vehicleId: live.id })).state?.eStop, { timeout: 5000 }).toBe('MANUAL');
    v.releaseEStop();
    await expect.poll(async () => (await tech.field.service({ vehicleId: live.id })).state?.eStop, { timeout: 5000 }).toBe('NONE');
    const view = await tech.field.service({ vehicleId: live.id });
    expect(view.secondPerson.map((s) => s.actionType)).toEqual(['stopPause', 'initPosition']);
    const resume = await tech.field.command({ vehicleId: live.id, actionType: 'stopPause', reason: 'area checked, e-stop released' });
    expect(resume.status).toBe('awaiting_confirmation');
    expect(v.paused).toBe(true);
    await second.field.confirm({ commandId: resume.id });
    expect((await settled(tech, live.id, resume.id, ['finished', 'failed', 'timed_out'])).status).toBe('finished');
    expect(v.paused).toBe(false);
    expect((await tech.field.service({ vehicleId: live.id })).secondPerson.map((s) => s.actionType)).toEqual(['initPosition']);
    const pause = await tech.field.command({ vehicleId: live.id, actionType: 'startPause', reason: 'short check' });
    await settled(tech, live.id, pause.id, ['finished']);
    expect((await tech.field.command({ vehicleId: live.id, actionType: 'stopPause', reason: 'done' })).status).toBe('sent');
  });

  it('asks before disturbing a running transport, naming the resident and the mission', async () => {
    const { c, v, live, tech } = await setup({ speed: 1 });
    const [site] = await c.api.org.sites();
    const nurse = await c.signedIn(['nurse']);
    const resident = await nurse.missions.createResident({
      siteId: site!.id, firstName: 'Ada', lastName: 'Visser', dateOfBirth: '1941-03-02', wheelchairType: 'manual', requiresAssistance: true, preferredLanguage: 'nl', consent: true,
    });
    const m = await c.api.missions.create({ residentId: resident.id, pickupNode: 'ward-south', dropoffNode: 'rehab-south', priority: 'normal' });
    await c.api.missions.assign({ missionId: m.id, vehicleId: live.id, version: m.version });
    await expect.poll(() => v.orderId !== '', { timeout: 10_000 }).toBe(true);
    const err = await tech.field.command({ vehicleId: live.id, actionType: 'startPause', reason: 'strange noise' }).catch((e: Error) => e);
    expect((err as Error).message).toMatch(new RegExp(`^startPause would disturb the (running|assigned) transport of A\\. Visser \\(mission ${m.id.slice(-8)}, ward-south → rehab-south\\)\\. Confirm to send it anyway\\.`));
    expect(sent(v, 'startPause')).toHaveLength(0);
    expect((await tech.field.service({ vehicleId: live.id })).transport).toMatchObject({ missionId: m.id, resident: 'A. Visser' });
    const cmd = await tech.field.command({ vehicleId: live.id, actionType: 'startPause', reason: 'strange noise', confirmDisturb: true });
    expect(cmd).toMatchObject({ status: 'sent', missionId: m.id });
    expect((await settled(tech, live.id, cmd.id, ['finished', 'failed', 'timed_out'])).status).toBe('finished');
    // A request for state disturbs nothing: no question.
    expect((await tech.field.command({ vehicleId: live.id, actionType: 'stateRequest', reason: 'refresh' })).status).toBe('sent');
  });

  it('keeps errors and information as episodes with durations, and counts them per type', async () => {
    const { c, v, live, tech } = await setup();
    v.raise('laserScannerFault', 'front scanner dirty', [['sensor', 'front']], 'FATAL');
    v.information = [{ infoType: 'charging', infoLevel: 'INFO', infoDescription: 'on the dock', infoReferences: [] }];
    v.publishState();
    await expect.poll(async () => (await c.api.fleet.vehicles()).find((x) => x.id === live.id)!.status, { timeout: 5000 }).toBe('error');
    await new Promise((ok) => setTimeout(ok, 1200)); // the fault lasts a while: its duration is what is measured
    v.clear('laserScannerFault');
    await expect.poll(async () => (await tech.field.service({ vehicleId: live.id })).episodes.find((e) => e.type === 'laserScannerFault')?.endedAt ?? null, { timeout: 5000 }).not.toBeNull();
    v.raise('laserScannerFault', 'front scanner dirty again', [['sensor', 'front']], 'FATAL');
    await expect.poll(async () => (await tech.field.service({ vehicleId: live.id })).episodes.filter((e) => e.type === 'laserScannerFault').length, { timeout: 5000 }).toBe(2);
    v.clear('laserScannerFault');
    v.information = [];
    v.publishState();
    await expect.poll(async () => (await tech.field.service({ vehicleId: live.id })).episodes.every((e) => e.endedAt !== null), { timeout: 5000 }).toBe(true);
    const { episodes } = await tech.field.service({ vehicleId: live.id });
    const faults = episodes.filter((e) => e.type === 'laserScannerFault');
    expect(faults[1]).toMatchObject({ kind: 'error', level: 'FATAL', description: 'front scanner dirty', references: [{ key: 'sensor', value: 'front' }] });
    expect(faults[1]!.durationS).toBeGreaterThanOrEqual(1.1);
    expect(Date.parse(faults[1]!.endedAt!)).toBeLessThanOrEqual(Date.parse(faults[0]!.firstSeen));
    expect(episodes.find((e) => e.type === 'charging')).toMatchObject({ kind: 'information', level: 'INFO', description: 'on the dock' });
    const freq = await tech.field.errorFrequency({ vehicleId: live.id, hours: 1 });
    expect(freq).toEqual([expect.objectContaining({ type: 'laserScannerFault', level: 'FATAL', episodes: 2 })]);
    expect(freq[0]!.totalS).toBeGreaterThanOrEqual(1.1);
  });
});
