import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type AddressInfo } from 'node:net';
import { Aedes, type AuthenticateError } from 'aedes';
import { brokerQueue } from './broker-queue.js';

export interface EmbeddedBroker {
  /** What clients connect to: `mqtt://user:password@127.0.0.1:port` (mqtt.js reads the credentials from it). */
  url: string;
  /** The same without the credentials, to show. */
  address: string;
  port: number;
  /** This run's credentials: the only ones the broker takes (see startEmbeddedBroker). */
  username: string;
  password: string;
  close(): Promise<void>;
}

/** A random user name and password for one run (a restarted broker may be given the same ones). */
export const newCredentials = () => ({ username: `watchfloor-${randomBytes(4).toString('hex')}`, password: randomBytes(24).toString('base64url') });

const same = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/**
 * An in-process MQTT broker on 127.0.0.1, for demos and a laptop with no site
 * broker. Any local process can reach a 127.0.0.1 port, so it takes only
 * clients with this run's random username and password (the console and its
 * built-in simulator, through `url`); anonymous and wrong ones are refused (CONNACK 4).
 */
export async function startEmbeddedBroker(port = 0, credentials = newCredentials()): Promise<EmbeddedBroker> {
  const { username, password } = credentials;
  const concurrency = 100; // Aedes's default
  const aedes = await Aedes.createBroker({
    concurrency,
    mq: brokerQueue(concurrency),
    authenticate: (_client, user, pass, done) => {
      if (user !== undefined && pass !== undefined && same(user, username) && same(pass.toString('utf8'), password)) return done(null, true);
      const err = Object.assign(new Error('Bad username or password'), { returnCode: 4 }) as AuthenticateError;
      done(err, false);
    },
  });
  // No Nagle delay: vehicle positions are small messages that should go out at once.
  const server = createServer({ noDelay: true }, aedes.handle);
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(port, '127.0.0.1', () => ok());
  });
  const actual = (server.address() as AddressInfo).port;
  return {
    url: `mqtt://${encodeURIComponent(username)}:${encodeURIComponent(password)}@127.0.0.1:${actual}`,
    address: `mqtt://127.0.0.1:${actual}`,
    port: actual,
    username,
    password,
    async close() {
      await new Promise<void>((ok) => aedes.close(() => ok()));
      await new Promise<void>((ok) => server.close(() => ok()));
    },
  };
}
