// A Mosquitto of the test's own on a free loopback port: a robot's own broker in field
// tests, one a test may stop. Never the machine's shared broker.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const MOSQUITTO = '/usr/sbin/mosquitto';
export const mosquittoInstalled = existsSync(MOSQUITTO);

/** A free loopback port (also used by tests that start a PostgreSQL of their own). */
export async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((ok) => s.listen(0, '127.0.0.1', ok));
  const { port } = s.address() as AddressInfo;
  await new Promise((ok) => s.close(ok));
  return port;
}

/** Whether something accepts connections on 127.0.0.1:`port`. */
export const answers = (port: number) => new Promise<boolean>((ok) => {
  const s = connect(port, '127.0.0.1', () => (s.end(), ok(true)));
  s.on('error', () => ok(false));
});

/** `settings`: more lines for its mosquitto.conf (for example the README's `max_inflight_messages 1000`). */
export async function ownMosquitto(settings: string[] = []): Promise<{ url: string; close(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'wf-robot-broker-'));
  const port = await freePort();
  const conf = join(dir, 'mosquitto.conf');
  writeFileSync(conf, [`listener ${port} 127.0.0.1`, 'allow_anonymous true', 'max_queued_messages 200000', ...settings].join('\n'));
  const p = spawn(MOSQUITTO, ['-c', conf], { stdio: 'ignore' });
  for (let i = 0; i < 200 && !(await answers(port)); i++) await new Promise((ok) => setTimeout(ok, 50));
  return {
    url: `mqtt://127.0.0.1:${port}`,
    async close() {
      if (p.exitCode === null) {
        const exited = new Promise((ok) => p.once('exit', ok));
        p.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
