// A site broker restarted mid-stream loses no acknowledged reading: the console keeps a
// persistent session (stable client id, clean start off) with QoS 1 subscriptions, and
// comes back within a second. The test runs its own Mosquitto (with persistence), never
// the machine's shared one.
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { afterEach, describe, expect, it } from 'vitest';
import { startConsole } from './console.js';
import { answers, freePort } from './own-mosquitto.js';

const MOSQUITTO = '/usr/sbin/mosquitto';
const cleanup: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

/** Mosquitto on `port`, keeping its state in `dir` across restarts. */
async function mosquitto(dir: string, port: number): Promise<ChildProcess> {
  const conf = join(dir, 'mosquitto.conf');
  writeFileSync(conf, [
    `listener ${port} 127.0.0.1`, 'allow_anonymous true', 'persistence true', `persistence_location ${dir}/`, 'max_queued_messages 100000',
  ].join('\n'));
  const p = spawn(MOSQUITTO, ['-c', conf], { stdio: 'ignore' });
  await expect.poll(() => answers(port), { timeout: 10_000, interval: 50 }).toBe(true);
  return p;
}

async function stop(p: ChildProcess): Promise<void> {
  if (p.exitCode !== null) return;
  const exited = new Promise((ok) => p.once('exit', ok));
  p.kill('SIGTERM'); // Mosquitto writes its persistence file on the way out
  await exited;
}

describe.skipIf(!existsSync(MOSQUITTO))('a site broker restarted mid-stream', () => {
  it('loses no reading it acknowledged, and the console is back by itself', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wf-mosquitto-'));
    chmodSync(dir, 0o777); // Mosquitto started as root runs as the mosquitto user, which must write its persistence file here
    cleanup.push(async () => rmSync(dir, { recursive: true, force: true }));
    const port = await freePort();
    const url = `mqtt://127.0.0.1:${port}`;
    let broker = await mosquitto(dir, port);
    cleanup.push(() => stop(broker));
    const c = await startConsole(url, {});
    cleanup.push(() => c.stop());
    await expect.poll(() => c.broker.status.state, { timeout: 10_000 }).toBe('connected');
    const pub = await mqtt.connectAsync(url, { clientId: `pub-${port}`, reconnectPeriod: 200 });
    cleanup.push(() => pub.endAsync(true));
    const topic = 'watchfloor/v1/lindenhof/sensors/restart-1/reading';
    const acked: number[] = [];
    const send = async (from: number, n: number) => {
      for (let i = from; i < from + n; i++) {
        const reading = { ts: new Date().toISOString(), kind: 'noise', value: i, lat: 51.4418, lon: 5.4702 };
        await pub.publishAsync(topic, JSON.stringify(reading), { qos: 1 });
        acked.push(i);
      }
    };
    await send(0, 200);
    await stop(broker);
    await expect.poll(() => c.broker.status.state, { timeout: 10_000 }).not.toBe('connected');
    broker = await mosquitto(dir, port);
    // The publisher is usually back before the console: these wait in the console's session.
    await expect.poll(() => pub.connected, { timeout: 10_000, interval: 50 }).toBe(true);
    await send(200, 200);
    await expect.poll(() => c.broker.status.state, { timeout: 5_000, interval: 50 }).toBe('connected');
    const stored = async () => {
      await c.core.fleet.writer.flush();
      return (await c.db.query<{ value: number }>('SELECT DISTINCT value FROM fleet.sensor_readings ORDER BY value')).map((r) => Number(r.value));
    };
    await expect.poll(stored, { timeout: 20_000, interval: 200 }).toEqual(acked);
    expect(acked).toHaveLength(400);
  });
});
