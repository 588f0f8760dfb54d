// Round trip of the commands a technician sends (sent → the vehicle reports it ended), against
// the standard test vehicle on a Mosquitto of the bench's own, next to the floor: a raw MQTT
// request and answer between two clients on the same broker.
import mqtt from 'mqtt';
import { startConsole } from '../mqtt/console.js';
import { ownMosquitto } from '../mqtt/own-mosquitto.js';
import { StandardVehicle } from '../vda5050/vehicle.js';

const ROUNDS = 20;
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!;
const until = async (ok: () => Promise<boolean>, ms = 20_000) => {
  const end = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > end) throw new Error('bench: timed out waiting');
    await new Promise((r) => setTimeout(r, 10));
  }
};

async function floor(url: string): Promise<number[]> {
  const a = await mqtt.connectAsync(url, { clientId: `bench-a-${process.pid}` });
  const b = await mqtt.connectAsync(url, { clientId: `bench-b-${process.pid}` });
  await b.subscribeAsync('bench/req');
  b.on('message', (_t, p) => void b.publishAsync('bench/res', p));
  await a.subscribeAsync('bench/res');
  const times: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const t0 = performance.now();
    await new Promise<void>((ok) => {
      a.once('message', () => ok());
      void a.publishAsync('bench/req', String(i));
    });
    times.push(performance.now() - t0);
  }
  await a.endAsync();
  await b.endAsync();
  return times;
}

export async function commandsBench() {
  const broker = await ownMosquitto();
  const iface = `bench${process.pid}`;
  const c = await startConsole(broker.url, { vdaInterface: iface });
  const v = new StandardVehicle({ brokerUrl: broker.url, interfaceName: iface, manufacturer: 'Acme', serialNumber: 'bench-1', mapId: 'lindenhof-campus', x: 230, y: 80 });
  try {
    const raw = await floor(broker.url);
    await v.start();
    await until(async () => (await c.api.fleet.vehicles()).some((x) => x.serialNumber === 'bench-1'));
    const live = (await c.api.fleet.vehicles()).find((x) => x.serialNumber === 'bench-1')!;
    const tech = await c.signedIn(['maintenance'], 'bench-tech@site.test');
    await tech.fleet.confirmVehicle({ id: live.id });
    await until(async () => (await c.api.fleet.vehicle({ id: live.id })).factsheet !== null);
    const results: Record<string, { medianMs: number; p95Ms: number; ratioToFloor: number; outcome: string }> = {};
    const floorMedian = pct(raw, 0.5);
    for (const actionType of ['stateRequest', 'startPause', 'stopPause', 'logReport', 'factsheetRequest', 'cancelOrder'] as const) {
      const times: number[] = [];
      let outcome = '';
      for (let i = 0; i < ROUNDS; i++) {
        const cmd = await tech.field.command({ vehicleId: live.id, actionType, reason: 'bench' });
        let done: { status: string; roundTripMs: number | null } | undefined;
        await until(async () => {
          done = (await tech.field.service({ vehicleId: live.id })).commands.find((x) => x.id === cmd.id);
          return ['finished', 'failed', 'timed_out'].includes(done!.status);
        });
        outcome = done!.status;
        if (done!.roundTripMs !== null) times.push(done!.roundTripMs);
      }
      const median = pct(times, 0.5);
      results[actionType] = { medianMs: median, p95Ms: pct(times, 0.95), ratioToFloor: Math.round((median / floorMedian) * 10) / 10, outcome };
    }
    return { rounds: ROUNDS, floor: { what: 'raw MQTT request and answer on the same Mosquitto', medianMs: Math.round(floorMedian * 100) / 100, p95Ms: Math.round(pct(raw, 0.95) * 100) / 100 }, commands: results };
  } finally {
    await v.stop();
    await c.stop();
    await broker.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify({ cores: (await import('node:os')).availableParallelism(), commands: await commandsBench() }, null, 2));
  process.exit(0);
}
