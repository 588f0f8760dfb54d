import { createServer, type AddressInfo } from 'node:net';
import { Aedes } from 'aedes';

export interface EmbeddedBroker {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** An in-process MQTT broker on 127.0.0.1, for demos and a laptop with no site broker. */
export async function startEmbeddedBroker(port = 0): Promise<EmbeddedBroker> {
  const aedes = await Aedes.createBroker();
  // No Nagle delay: vehicle positions are small messages that should go out at once.
  const server = createServer({ noDelay: true }, aedes.handle);
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(port, '127.0.0.1', () => ok());
  });
  const actual = (server.address() as AddressInfo).port;
  return {
    url: `mqtt://127.0.0.1:${actual}`,
    port: actual,
    async close() {
      await new Promise<void>((ok) => aedes.close(() => ok()));
      await new Promise<void>((ok) => server.close(() => ok()));
    },
  };
}
