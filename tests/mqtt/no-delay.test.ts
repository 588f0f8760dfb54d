// The console's MQTT connections send small packets at once (TCP_NODELAY): its own client and
// VDA 5050 master control's, and again on the sockets they open after the broker comes back.
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startEmbeddedBroker } from '../../core/mqtt/embedded-broker.js';
import { startConsole, uniqueInterface } from './console.js';

describe('TCP_NODELAY on the console\'s broker connections', () => {
  const cleanup: Array<() => Promise<unknown> | unknown> = [];
  afterEach(async () => {
    for (const f of cleanup.splice(0).reverse()) await f();
  });

  it('is asked for on the console\'s client and master control\'s, and on their sockets after a reconnect', async () => {
    // Which client sockets to the broker were asked for it: watched on the sockets themselves.
    const asked = new Set<net.Socket>();
    const setNoDelay = net.Socket.prototype.setNoDelay;
    net.Socket.prototype.setNoDelay = function (this: net.Socket, on?: boolean) {
      if (on !== false) asked.add(this);
      return setNoDelay.call(this, on);
    };
    cleanup.push(() => (net.Socket.prototype.setNoDelay = setNoDelay));
    let broker = await startEmbeddedBroker();
    cleanup.push(() => broker.close());
    const credentials = { username: broker.username, password: broker.password };
    const toBroker = () => [...asked].filter((s) => s.remotePort === broker.port && !s.destroyed);

    const c = await startConsole(broker.url, { vdaInterface: uniqueInterface() });
    cleanup.push(() => c.stop());
    // Two clients: the console's own, and master control's (vda-5050-lib's).
    await expect.poll(() => toBroker().length, { timeout: 15_000 }).toBe(2);
    const first = new Set(toBroker());

    await broker.close();
    broker = await startEmbeddedBroker(broker.port, credentials);
    await expect.poll(() => toBroker().filter((s) => !first.has(s)).length, { timeout: 30_000 }).toBe(2);
  }, 60_000);
});
