// The live fleet end to end through a real broker: simulated VDA 5050 vehicles (in this
// process and in child processes that get killed), sensors, storage, offline detection.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator } from '../../core/simulator/index.js';
import { PACKAGE_ROOT } from '../../db/index.js';
import { brokerTargets, startConsole, uniqueInterface } from './console.js';


/** One simulated vehicle in its own process, so the test can kill or freeze it like a real one. */
function vehicleProcess(url: string, iface: string, manufacturer: string): ChildProcess {
  // `--import tsx` keeps it one process (the tsx CLI would put a second one in between).
  return spawn(process.execPath, ['--import', 'tsx', join(PACKAGE_ROOT, 'core/simulator/cli.ts'), '--broker', url, '--interface', iface,
    '--vehicles', '1', '--sensors', '0', '--no-roam', '--incidents', '0', '--manufacturer', manufacturer], { stdio: 'ignore', cwd: PACKAGE_ROOT });
}

describe.each(brokerTargets)('live fleet over $name', (target) => {
  const cleanup: Array<() => Promise<unknown> | unknown> = [];
  afterEach(async () => {
    for (const f of cleanup.splice(0).reverse()) await f();
  });

  it.skipIf(!target.available)('vehicles appear and move, telemetry lands, killed and hung vehicles go offline', async () => {
    const broker = await target.open();
    cleanup.push(() => broker.close());
    const iface = uniqueInterface();
    cleanup.push(async () => {
      // Clear the retained connection messages this run left on a shared broker.
      const pub = await mqtt.connectAsync(broker.url, { protocolVersion: broker.protocolVersion });
      const agvs = [...['sim-01', 'sim-02', 'sim-03'].map((s) => `Watchfloor Sim/${s}`), 'Crash Test/sim-01', 'Hang Test/sim-01'];
      for (const agv of agvs) await pub.publishAsync(`${iface}/v2/${agv}/connection`, '', { retain: true });
      await pub.endAsync();
    });
    const timeoutS = 3;
    const c = await startConsole(broker.url, { vdaInterface: iface, vehicleTimeoutSeconds: timeoutS });
    cleanup.push(() => c.stop());
    const sim = await startSimulator({ brokerUrl: broker.url, protocolVersion: broker.protocolVersion, interfaceName: iface, vehicles: 3, sensors: 2, rateHz: 5, sensorIntervalMs: 300 });
    cleanup.push(() => sim.stop());
    const crash = vehicleProcess(broker.url, iface, 'Crash Test');
    const hang = vehicleProcess(broker.url, iface, 'Hang Test');
    cleanup.push(() => crash.kill('SIGKILL'), () => (hang.kill('SIGCONT'), hang.kill('SIGKILL')));

    const byMaker = async (m: string) => (await c.api.fleet.vehicles()).find((v) => v.manufacturer === m);
    await expect.poll(async () => (await c.api.fleet.vehicles()).filter((v) => v.status !== 'offline' && v.lat !== null).length, { timeout: 30_000 }).toBe(5);
    const all = await c.api.fleet.vehicles();
    for (const v of all) {
      expect(v.isNew).toBe(true);
      expect(v.lat).toBeGreaterThan(51.43);
      expect(v.lat).toBeLessThan(51.45);
      expect(v.battery).toBeGreaterThan(0);
    }

    // The roaming vehicles move.
    const roaming = all.filter((v) => v.manufacturer === 'Watchfloor Sim');
    await expect.poll(async () => {
      const now = await c.api.fleet.vehicles();
      return roaming.filter((r) => { const v = now.find((x) => x.id === r.id)!; return Math.hypot(v.x! - r.x!, v.y! - r.y!) > 1; }).length;
    }, { timeout: 15_000 }).toBe(3);

    // Killed: the broker publishes its last will at once.
    const killedAt = Date.now();
    crash.kill('SIGKILL');
    await expect.poll(async () => (await byMaker('Crash Test'))?.status, { timeout: timeoutS * 1000 + 2000, interval: 100 }).toBe('offline');
    expect((await byMaker('Crash Test'))!.connection).toBe('CONNECTIONBROKEN');
    expect(Date.now() - killedAt).toBeLessThan(timeoutS * 1000 + 2000);

    // Hung (process stopped, socket open): the heartbeat timeout notices.
    const hungAt = Date.now();
    hang.kill('SIGSTOP');
    await expect.poll(async () => (await byMaker('Hang Test'))?.status, { timeout: timeoutS * 1000 + 3000, interval: 100 }).toBe('offline');
    expect(Date.now() - hungAt).toBeGreaterThanOrEqual(timeoutS * 1000 - 1000);
    expect((await byMaker('Hang Test'))!.connection).toBe('ONLINE'); // the broker still thinks it is there

    await c.core.fleet.writer.flush();
    const counts = await c.db.query<{ manufacturer: string; telemetry: string; states: string[] }>(
      `SELECT v.manufacturer, (SELECT count(*) FROM fleet.telemetry t WHERE t.vehicle_id = v.id) AS telemetry,
         (SELECT array_agg(state ORDER BY ts) FROM fleet.vehicle_connections c WHERE c.vehicle_id = v.id) AS states
       FROM fleet.vehicles v`);
    // The roaming ones ran all along; the two in child processes only for a second or two.
    for (const r of counts) expect(Number(r.telemetry), r.manufacturer).toBeGreaterThan(r.manufacturer === 'Watchfloor Sim' ? 10 : 0);
    expect(counts.find((r) => r.manufacturer === 'Crash Test')!.states).toEqual(['ONLINE', 'CONNECTIONBROKEN']);
    expect(counts.find((r) => r.manufacturer === 'Hang Test')!.states).toEqual(['ONLINE', 'TIMEOUT']);
    const [readings] = await c.db.query<{ n: string; sensors: string }>('SELECT count(*) AS n, count(DISTINCT sensor_id) AS sensors FROM fleet.sensor_readings');
    expect(Number(readings!.sensors)).toBe(2);
    expect((await c.api.fleet.sensors()).every((s) => s.value !== null && s.lat !== null)).toBe(true);

    // The vehicle panel's history and chart data come from the stored rows.
    const detail = await c.api.fleet.vehicle({ id: roaming[0]!.id });
    expect(detail.telemetry.length).toBeGreaterThan(0);
    expect(detail.telemetry.some((p) => p.battery !== null && p.speed !== null)).toBe(true);
    expect(detail.connections[0]!.state).toBe('ONLINE');
    expect(c.core.fleet.ingest.quarantined).toBe(0);
  }, 180_000); // a console, a broker, a simulator and two vehicle processes: on a loaded 2-core machine the start alone takes most of a minute
});
