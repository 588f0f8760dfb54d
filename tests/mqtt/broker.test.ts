import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../core/logger.js';
import { BrokerConnection, describeError } from '../../core/mqtt/connection.js';
import { startEmbeddedBroker, type EmbeddedBroker } from '../../core/mqtt/embedded-broker.js';
import type { BrokerStatus } from '../../core/contract/index.js';

const clock = { now: () => new Date() };
const log = createLogger('test', 'error', () => {});

/** Whether something answers on 127.0.0.1:1883 (Mosquitto on this machine and in CI). */
const mosquitto = await new Promise<boolean>((ok) => {
  const s = connect(1883, '127.0.0.1', () => (s.end(), ok(true)));
  s.on('error', () => ok(false));
});

function watch(c: BrokerConnection) {
  const seen: BrokerStatus[] = [];
  c.onChange((s) => seen.push(s));
  const until = (pred: (s: BrokerStatus) => boolean, ms = 15_000) =>
    expect.poll(() => (pred(c.status) ? c.status : null), { timeout: ms, interval: 50 }).not.toBeNull();
  return { seen, until };
}

describe('broker connection', () => {
  const cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const f of cleanup.splice(0).reverse()) await f();
  });

  it('connects to the embedded broker, falling back to MQTT 3.1.1, and reconnects after the broker restarts', async () => {
    let broker: EmbeddedBroker = await startEmbeddedBroker();
    const c = new BrokerConnection({ kind: 'embedded', url: broker.url, clientId: 'test-embedded' }, clock, log);
    cleanup.push(() => c.stop());
    const w = watch(c);
    c.start();
    await w.until((s) => s.state === 'connected');
    expect(c.status.protocolVersion).toBe(4); // the embedded broker refuses MQTT 5
    await broker.close();
    await w.until((s) => s.state === 'reconnecting' && /refused the connection|was lost/.test(s.lastError ?? ''));
    broker = await startEmbeddedBroker(broker.port, broker); // the same run's credentials
    cleanup.push(() => broker.close());
    await w.until((s) => s.state === 'connected' && s.lastError === null);
    expect(w.seen.map((s) => s.state)).toEqual(expect.arrayContaining(['connected', 'reconnecting']));
  });

  it.skipIf(!mosquitto)('connects to Mosquitto on 127.0.0.1:1883 with MQTT 5', async () => {
    const c = new BrokerConnection({ kind: 'site', url: 'mqtt://127.0.0.1:1883', clientId: `test-mosquitto-${process.pid}` }, clock, log);
    cleanup.push(() => c.stop());
    const w = watch(c);
    c.start();
    await w.until((s) => s.state === 'connected');
    expect(c.status).toMatchObject({ kind: 'site', protocolVersion: 5, lastError: null });
    await c.stop();
    expect(c.status.state).toBe('disconnected');
  });

  it('says in words why it cannot connect, and keeps trying', async () => {
    const c = new BrokerConnection({ kind: 'site', url: 'mqtt://127.0.0.1:1', clientId: 'test-nothing' }, clock, log);
    cleanup.push(() => c.stop());
    const w = watch(c);
    c.start();
    await w.until((s) => s.lastError !== null);
    expect(c.status.lastError).toBe('The broker refused the connection (is it running on that host and port?)');
    expect(c.status.state).not.toBe('connected');
    expect(describeError(Object.assign(new Error('Connection refused: Not authorized'), { code: 5 }))).toBe('The broker rejected the username or password');
    expect(describeError(Object.assign(new Error('getaddrinfo ENOTFOUND broker.site'), { code: 'ENOTFOUND' }))).toBe('The broker host name does not resolve');
  });
});
