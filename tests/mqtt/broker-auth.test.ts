// The embedded broker takes only this run's credentials; the public status tells neither them nor the port.
import mqtt from 'mqtt';
import { afterEach, describe, expect, it } from 'vitest';
import { boot, type Booted } from '../../core/boot.js';
import { BrokerConnection } from '../../core/mqtt/connection.js';
import { startEmbeddedBroker, type EmbeddedBroker } from '../../core/mqtt/embedded-broker.js';
import { maskCredentials } from '../../core/mqtt/mask.js';
import { publicStatus } from '../../core/system/status.js';
import { createLogger } from '../../core/logger.js';
import { TestClock } from '../../core/testing.js';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const refusal = (url: string, opts: mqtt.IClientOptions = {}) =>
  mqtt.connectAsync(url, { reconnectPeriod: 0, connectTimeout: 5000, ...opts }).then(
    async (c) => {
      await c.endAsync();
      return 'accepted';
    },
    (err: Error & { code?: number }) => `refused: ${err.message}`,
  );

describe('the embedded broker', () => {
  let broker: EmbeddedBroker | undefined;
  afterEach(async () => broker?.close());

  it('refuses anonymous clients and wrong credentials; takes its own', async () => {
    broker = await startEmbeddedBroker();
    expect(broker.address).toBe(`mqtt://127.0.0.1:${broker.port}`);
    expect(broker.password.length).toBeGreaterThanOrEqual(32);
    expect(await refusal(broker.address)).toMatch(/refused: .*(Bad username or password|Not authorized)/i);
    expect(await refusal(broker.address, { protocolVersion: 5 })).toMatch(/refused/);
    expect(await refusal(broker.address, { username: broker.username, password: 'guess' })).toMatch(/refused/);
    expect(await refusal(broker.address, { username: 'admin', password: broker.password })).toMatch(/refused/);
    expect(await refusal(broker.address, { username: broker.username, password: broker.password })).toBe('accepted');
    expect(await refusal(broker.url)).toBe('accepted');
    const other = await startEmbeddedBroker();
    expect(other.password).not.toBe(broker.password);
    await other.close();
  });

  it('shows its URL in the connection status without the credentials, a site broker\'s masked', async () => {
    broker = await startEmbeddedBroker();
    const c = new BrokerConnection({ kind: 'embedded', url: broker.url, clientId: 'auth-test' }, new TestClock(), createLogger('t', 'error', () => {}));
    c.start();
    await expect.poll(() => c.status.state, { timeout: 10_000 }).toBe('connected');
    expect(c.status.url).toBe(broker.address);
    expect(JSON.stringify(c.status)).not.toContain(broker.password);
    await c.stop();
    // The same URL given as a site broker's: its credentials show as ***.
    const site = new BrokerConnection({ kind: 'site', url: broker.url, clientId: 'auth-test-site' }, new TestClock(), createLogger('t', 'error', () => {}));
    expect(site.status.url).toBe(`mqtt://***:***@127.0.0.1:${broker.port}`);
    expect(maskCredentials('mqtts://ops:s3cret@broker.site:8883')).toBe('mqtts://***:***@broker.site:8883');
    expect(maskCredentials('mqtt://broker.site:1883')).toBe('mqtt://broker.site:1883');
  });
});

describe('a console on its embedded broker', () => {
  let booted: Booted | undefined;
  afterEach(async () => {
    const ingest = booted?.core.ingest as unknown as { master: unknown } | null;
    for (let i = 0; i < 100 && ingest && !ingest.master; i++) await new Promise((r) => setTimeout(r, 50));
    await booted?.stop();
  });

  it('connects, and so does its simulated fleet; the public status has no port and no credentials', async () => {
    const env = { WATCHFLOOR_LOG_LEVEL: 'error', WATCHFLOOR_DATA_DIR: mkdtempSync(join(tmpdir(), 'wf-broker-')), WATCHFLOOR_DEMO_VEHICLES: '1', WATCHFLOOR_DEMO_SENSORS: '1', WATCHFLOOR_DEMO_ALERT_SECONDS: '0' };
    booted = await boot({}, env);
    const abort = new AbortController();
    const anon = booted.core.caller('direct', abort.signal);
    const signedIn = booted.core.caller('direct', abort.signal);
    await signedIn.auth.demoLogin();
    await expect.poll(async () => (await anon.system.status()).broker?.state, { timeout: 15_000 }).toBe('connected');
    // The demo fleet signed in with the per-run credentials: its vehicle arrives.
    await expect.poll(async () => (await signedIn.fleet.vehicles()).length, { timeout: 20_000 }).toBeGreaterThan(0);
    // Local tools of the same user find the URL with the credentials in the data folder, owner-only.
    const file = join(env.WATCHFLOOR_DATA_DIR, 'embedded-broker.url');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(await refusal(readFileSync(file, 'utf8').trim())).toBe('accepted');
    const pub = await anon.system.status();
    expect(pub.broker!.url).toBe('');
    expect(publicStatus({ ...pub, database: { ...pub.database, location: 'postgres://wf:***@db.site:5433/wf', error: 'connect ECONNREFUSED 10.0.0.4:5433' } }).database)
      .toMatchObject({ location: 'postgres://wf:***@db.site/wf', error: 'connect ECONNREFUSED 10.0.0.4' });
    expect(JSON.stringify(pub)).not.toMatch(/127\.0\.0\.1:\d+/);
    const full = await signedIn.system.status();
    expect(full.broker!.url).toMatch(/^mqtt:\/\/127\.0\.0\.1:\d+$/);
    expect(JSON.stringify(full)).not.toContain('@');
    const first = await (await signedIn.system.onStatus())[Symbol.asyncIterator]().next();
    expect(first.value!.broker!.url).toBe(full.broker!.url);
    const anonFirst = await (await anon.system.onStatus())[Symbol.asyncIterator]().next();
    expect(anonFirst.value!.broker!.url).toBe('');
    abort.abort();
  });
});
