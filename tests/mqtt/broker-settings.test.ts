// Broker settings changed in the console: saved to the config file, audited, and the
// running connection (and VDA 5050 master control) moves to the new broker.
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { boot } from '../../core/boot.js';
import { startEmbeddedBroker } from '../../core/mqtt/embedded-broker.js';
import { maskCredentials } from '../../core/mqtt/mask.js';
import { startSimulator } from '../../core/simulator/index.js';
import { startConsole, uniqueInterface } from './console.js';
import { slowProxy } from './slow-proxy.js';

const blank = { url: '', username: '', caFile: '', certFile: '', keyFile: '', clientId: '' };

describe('broker settings', () => {
  const cleanup: Array<() => Promise<unknown>> = [];
  afterEach(async () => {
    for (const f of cleanup.splice(0).reverse()) await f();
  });

  it('saves, audits and applies a new broker; refuses unreadable TLS files and environment-fixed settings', async () => {
    const [a, b] = [await startEmbeddedBroker(), await startEmbeddedBroker()];
    cleanup.push(() => a.close(), () => b.close());
    const dir = mkdtempSync(join(tmpdir(), 'wf-settings-'));
    const file = join(dir, 'watchfloor.json');
    writeFileSync(file, JSON.stringify({ logLevel: 'warn' }));
    const iface = uniqueInterface();
    const c = await startConsole(a.url, { vdaInterface: iface }, undefined, { file, locked: { brokerClientId: 'WATCHFLOOR_BROKER_CLIENT_ID' } });
    cleanup.push(() => c.stop());
    const admin = await c.signedIn(['admin']);
    const sim = await startSimulator({ brokerUrl: b.url, interfaceName: iface, vehicles: 2, sensors: 0, roam: false });
    cleanup.push(() => sim.stop());

    // Nothing on broker A; the vehicles are on B.
    await expect(c.api.system.brokerSettings()).rejects.toThrow(/settings:manage/);
    const unreadable = { ...blank, url: b.url, caFile: join(dir, 'missing-ca.pem') };
    await expect(admin.system.updateBrokerSettings(unreadable)).rejects.toThrow(`The CA file ${join(dir, 'missing-ca.pem')} does not exist or cannot be read.`);
    await expect(admin.system.updateBrokerSettings({ ...blank, url: b.url, clientId: 'mine' })).rejects.toThrow(/set by the environment \(WATCHFLOOR_BROKER_CLIENT_ID\)/);
    await expect(admin.system.updateBrokerSettings({ ...blank, url: 'http://nope' })).rejects.toThrow(/must be empty \(embedded broker\) or start with mqtt/);
    await expect(admin.system.updateBrokerSettings({ ...blank, url: b.url, password: 'orphan' })).rejects.toThrow('A broker password needs a username.');
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ logLevel: 'warn' });

    const r = await admin.system.updateBrokerSettings({ ...blank, url: b.url, username: 'ops', password: 's3cret' });
    expect(r).toEqual({ applied: true, note: `Saved. Connecting to ${b.url}.` });
    // The client id the environment fixes is not copied into the file.
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ logLevel: 'warn', brokerUrl: b.url, brokerUsername: 'ops', brokerPassword: 's3cret' });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    await expect.poll(() => c.broker.status, { timeout: 10_000 }).toMatchObject({ url: maskCredentials(b.url), state: 'connected', kind: 'site' });
    await expect.poll(async () => (await c.api.fleet.vehicles()).length, { timeout: 15_000 }).toBe(2);
    expect(await admin.system.brokerSettings()).toMatchObject({ url: b.url, username: 'ops', hasPassword: true, locked: { clientId: 'WATCHFLOOR_BROKER_CLIENT_ID' }, file });

    // Keeping the password: leaving it out changes nothing else.
    await admin.system.updateBrokerSettings({ ...blank, url: b.url, username: 'ops2' });
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ brokerUsername: 'ops2', brokerPassword: 's3cret' });

    const entries = await c.db.query<{ body: { action: string; new_values: Record<string, unknown> } }>(
      "SELECT body FROM audit.entries WHERE body->>'action' = 'system.update_broker_settings' ORDER BY seq");
    const text = JSON.stringify(entries);
    expect(entries.length).toBeGreaterThanOrEqual(2);
    expect(text).not.toContain('s3cret');
  });

  it('pointed at another broker while master control is still starting on the first, it ends on the new one', async () => {
    const [a, b] = [await startEmbeddedBroker(), await startEmbeddedBroker()];
    // Broker A answers the master controller's connection 3 s late, the console's at once: the move comes mid-start.
    const proxy = await slowProxy(a.port, 3000, 'wf-quick');
    cleanup.push(() => a.close(), () => b.close(), () => proxy.close());
    const iface = uniqueInterface();
    const c = await startConsole(a.url.replace(`:${a.port}`, `:${proxy.port}`), { vdaInterface: iface }, undefined, undefined, `wf-quick-${process.pid}`);
    cleanup.push(() => c.stop());
    await expect.poll(() => c.broker.status.state).toBe('connected');
    await c.broker.reconfigure({ kind: 'site', url: b.url, clientId: c.broker.options.clientId });
    const sim = await startSimulator({ brokerUrl: b.url, interfaceName: iface, vehicles: 1, sensors: 0, roam: false });
    cleanup.push(() => sim.stop());
    // Without the restart after the start under way, master control stays on A and the vehicle on B is never seen.
    // Master control reaches B after A's late answer, perhaps after the vehicle's first state: the next comes 10 s on.
    await expect.poll(async () => (await c.api.fleet.vehicles()).length, { timeout: 60_000 }).toBe(1);
  }, 120_000);

  it('emptying the URL brings a console that started on a site broker back to an embedded one, without a restart', async () => {
    const site = await startEmbeddedBroker();
    cleanup.push(() => site.close());
    const dir = mkdtempSync(join(tmpdir(), 'wf-back-'));
    // The site broker comes from the config file (a URL the environment fixed could not be changed in Settings).
    writeFileSync(join(dir, 'watchfloor.json'), JSON.stringify({ brokerUrl: site.url }), { mode: 0o600 });
    // Demo mode for the demo site's maps, which the simulated vehicle drives on (on a database without them its
    // messages would be quarantined); the demo fleet does not start, as the console began on a site broker.
    const booted = await boot({}, { WATCHFLOOR_LOG_LEVEL: 'error', WATCHFLOOR_DATA_DIR: dir, WATCHFLOOR_DEMO: 'true', WATCHFLOOR_VDA_INTERFACE: uniqueInterface() });
    cleanup.push(() => booted.stop());
    const admin = booted.core.caller('direct', new AbortController().signal);
    await admin.auth.setup({ email: 'admin@site.test', displayName: 'Admin', password: 'a long admin password', code: booted.setupCode!.code });
    await expect.poll(async () => (await admin.system.status()).broker, { timeout: 15_000 }).toMatchObject({ kind: 'site', state: 'connected' });

    expect(await admin.system.updateBrokerSettings(blank)).toEqual({ applied: true, note: 'Saved. Connected to the embedded broker again.' });
    await expect.poll(async () => (await admin.system.status()).broker, { timeout: 15_000 }).toMatchObject({ kind: 'embedded', state: 'connected' });
    expect(JSON.parse(readFileSync(join(dir, 'watchfloor.json'), 'utf8')).brokerUrl).toBeUndefined();
    // Local tools find it as they would had it started with the console; a vehicle on it reaches the console.
    const url = readFileSync(join(dir, 'embedded-broker.url'), 'utf8').trim();
    expect(url).toMatch(/^mqtt:\/\/[^@]+@127\.0\.0\.1:\d+$/);
    const sim = await startSimulator({ brokerUrl: url, interfaceName: booted.config.vdaInterface, vehicles: 1, sensors: 0, roam: false });
    cleanup.push(() => sim.stop());
    // Its first state may come up to 30 s after it connects (VDA 5050's longest interval for an idle vehicle).
    await expect.poll(async () => (await admin.fleet.vehicles()).length, { timeout: 60_000 }).toBe(1);
  }, 240_000);
});
