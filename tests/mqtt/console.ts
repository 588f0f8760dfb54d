// A console core on a real broker (embedded aedes or Mosquitto) for integration tests.
import { connect } from 'node:net';
import { systemClock } from '../../core/clock.js';
import type { Config } from '../../core/config.js';
import type { CoreDeps } from '../../core/index.js';
import { createLogger } from '../../core/logger.js';
import { BrokerConnection } from '../../core/mqtt/connection.js';
import { startEmbeddedBroker } from '../../core/mqtt/embedded-broker.js';
import { testCore } from '../../core/testing.js';
import type { Db } from '../../db/index.js';

/** Whether something answers on 127.0.0.1:1883 (Mosquitto on this machine and in CI). */
export const mosquittoAnswers = await new Promise<boolean>((ok) => {
  const s = connect(1883, '127.0.0.1', () => (s.end(), ok(true)));
  s.on('error', () => ok(false));
});
// CI installs and starts Mosquitto (.ci/run): there, a missing broker fails instead of skipping its tests.
if (!mosquittoAnswers && process.env.CI === 'true') throw new Error('CI=true but Mosquitto does not answer at 127.0.0.1:1883');

export interface BrokerTarget {
  name: string;
  available: boolean;
  /** The broker's URL and the protocol it speaks; `close` stops it if the test started it. */
  open(): Promise<{ url: string; protocolVersion: 4 | 5; close(): Promise<void> }>;
}

export const brokerTargets: BrokerTarget[] = [
  {
    name: 'the embedded broker', available: true,
    open: async () => {
      const b = await startEmbeddedBroker();
      return { url: b.url, protocolVersion: 4, close: () => b.close() };
    },
  },
  {
    name: 'Mosquitto', available: mosquittoAnswers,
    open: async () => ({ url: 'mqtt://127.0.0.1:1883', protocolVersion: 5, close: async () => {} }),
  },
];

let n = 0;
/** A topic level no other run uses, so a shared broker's retained messages do not leak between runs. */
export const uniqueInterface = () => `t${process.pid}x${++n}x${Date.now().toString(36)}`;

/** `clientId`: the same across restarts, for a console that must find its broker session again. */
export async function startConsole(url: string, config: Partial<Config>, db?: Db, settings?: CoreDeps['settings'], clientId?: string) {
  const log = createLogger('test', 'error', () => {});
  const broker = new BrokerConnection({ kind: 'site', url, clientId: clientId ?? `wf-test-${process.pid}-${++n}` }, systemClock, log);
  broker.start();
  const t = await testCore({ broker, clock: systemClock, config, ...(db ? { db } : {}), ...(settings ? { settings } : {}) });
  await t.core.start();
  const api = await t.signedIn(['operator'], `operator-${process.pid}-${++n}@site.test`);
  return {
    ...t,
    api,
    broker,
    async stop() {
      await t.core.stop();
      await broker.stop();
      await t.db.close();
    },
  };
}
export type TestConsole = Awaited<ReturnType<typeof startConsole>>;
