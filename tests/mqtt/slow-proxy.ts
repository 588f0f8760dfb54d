// A TCP proxy in front of a broker that answers the client whose CONNECT carries `quickId` at
// once and every other client `ms` late: the console's own connection is quick, the master
// controller's is slow.
import { connect, createServer, type AddressInfo, type Socket } from 'node:net';

export async function slowProxy(target: number, ms: number, quickId: string): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    let late = true;
    const upstream = connect(target, '127.0.0.1');
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('error', () => {});
      s.on('close', () => (client.destroy(), upstream.destroy()));
    }
    client.once('data', (connectPacket: Buffer) => (late = !connectPacket.includes(quickId)));
    client.pipe(upstream);
    upstream.on('data', (chunk: Buffer) => (late ? setTimeout(() => client.write(chunk), ms) : client.write(chunk)));
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((ok) => (sockets.forEach((s) => s.destroy()), server.close(() => ok()))),
  };
}
