import { readFileSync } from 'node:fs';
import { maskCredentials, withoutCredentials } from './mask.js';
import mqtt, { type IPublishPacket, type MqttClient } from 'mqtt';
import type { Clock } from '../clock.js';
import type { BrokerStatus } from '../contract/index.js';
import type { Logger } from '../logger.js';

/** The URL the status shows: the embedded broker's per-run credentials not at all, a site broker's as `***`. */
const shownUrl = (o: { kind: BrokerStatus['kind']; url: string }) => (o.kind === 'embedded' ? withoutCredentials(o.url) : maskCredentials(o.url));

export interface BrokerOptions {
  kind: BrokerStatus['kind'];
  url: string;
  clientId: string;
  username?: string | undefined;
  password?: string | undefined;
  caFile?: string | undefined;
  certFile?: string | undefined;
  keyFile?: string | undefined;
}

/** What went wrong, in words an operator can act on. */
export function describeError(err: Error & { code?: string | number }): string {
  const code = String(err.code ?? '');
  if (code === 'ECONNREFUSED') return 'The broker refused the connection (is it running on that host and port?)';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'The broker host name does not resolve';
  if (code === 'ETIMEDOUT' || /timeout/i.test(err.message)) return 'The broker did not answer in time';
  if (/not authori[sz]ed|bad user ?name or password/i.test(err.message) || code === '4' || code === '5' || code === '134' || code === '135') {
    return 'The broker rejected the username or password';
  }
  if (/certificate|ssl|tls/i.test(err.message)) return `TLS failed: ${err.message}`;
  return err.message;
}

const protocolRejected = (err: Error & { code?: string | number }) =>
  err.code === 1 || err.code === 132 || /unsupported protocol|unacceptable protocol/i.test(err.message);

/** MQTT topic filter matching with `+` and `#`. */
export function topicMatches(filter: string, topic: string): boolean {
  const f = filter.split('/');
  const t = topic.split('/');
  for (let i = 0; i < f.length; i++) {
    if (f[i] === '#') return true;
    if (i >= t.length || (f[i] !== '+' && f[i] !== t[i])) return false;
  }
  return f.length === t.length;
}

/**
 * A message's handler; what it returns is awaited before the message is acknowledged.
 * `again`: the broker sent it before (MQTT DUP): its acknowledgement may have been lost after it was stored.
 * `retained`: the broker's retained copy, sent again on every subscribe.
 */
export type Handler = (topic: string, payload: Buffer, again: boolean, retained: boolean) => void | Promise<unknown>;

/** How long a message delivered before its handler subscribed waits for it (see `unclaimed`). */
const UNCLAIMED_MS = 120_000;

/** Given to handleMessage's callback: go on to the next packet without sending the PUBACK (see holdAcks). */
const HELD = new Error('acknowledged later');
/** mqtt.js's own packet writer (not public: it has no call to send a PUBACK for an earlier message). */
const sendPacket = (client: MqttClient, packet: { cmd: 'puback'; messageId: number }) =>
  (client as unknown as { _sendPacket(p: object): void })._sendPacket(packet);

/** How long a site broker keeps the console's session while it is away (MQTT 5). */
export const SESSION_EXPIRY_S = 86_400;

export interface MqttClientLike {
  stream?: unknown;
  on(e: 'connect', f: () => void): unknown;
}

/**
 * Sends each small packet (an acknowledgement, an order) at once rather than holding it back to
 * join the next (Nagle's algorithm, on by default for Node's sockets and left on by mqtt.js), on
 * this connection and each one after a reconnect; a stream without the setting is left as it is.
 */
export function noDelay(client: MqttClientLike): void {
  const set = () => (client.stream as { setNoDelay?: (on: boolean) => void } | undefined)?.setNoDelay?.(true);
  set();
  client.on('connect', set);
}

/**
 * One MQTT client for the console: MQTT 5, falling back to 3.1.1 when the
 * broker refuses 5; reconnects every second and reports every state change
 * with the last error in words.
 */
export class BrokerConnection {
  status: BrokerStatus;
  client: MqttClient | null = null;
  /** Counts reconfigurations, so users of the connection can tell a new broker from a reconnect. */
  generation = 0;
  /**
   * Starts (or finds running) this console's embedded broker and gives its URL, so a console
   * moved to a site broker can come back to it without a restart; null where there is none.
   */
  embedded: (() => Promise<string>) | null = null;
  private stopped = false;

  private readonly listeners = new Set<(s: BrokerStatus) => void>();
  private readonly handlers = new Map<string, Handler>();
  /** QoS 1 messages received, oldest first, whose PUBACK waits until their handlers are done (see `holdAcks`). */
  private readonly acks: { client: MqttClient; connection: number; id: number; done: boolean }[] = [];
  /** Counts connects: a PUBACK goes only on the connection its message came on. */
  private connection = 0;
  /** Each message's handlers, between the client's 'message' event and its handleMessage call. */
  private readonly work = new WeakMap<IPublishPacket, Promise<unknown>>();

  constructor(
    private opts: BrokerOptions,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {
    this.status = { kind: opts.kind, url: shownUrl(opts), state: 'connecting', protocolVersion: null, lastError: null, since: clock.now().toISOString() };
  }

  start(): void {
    this.connect(5);
  }

  /** Points the connection at another broker (or other credentials): drops the current one and connects anew. */
  async reconfigure(opts: BrokerOptions): Promise<void> {
    const old = this.client;
    this.client = null;
    this.opts = opts;
    this.generation++;
    old?.removeAllListeners();
    old?.on('error', () => {});
    await old?.endAsync(true).catch(() => {});
    this.set({ kind: opts.kind, url: shownUrl(opts), state: 'connecting', protocolVersion: null, lastError: null });
    this.connect(5);
  }

  /** Calls `listener` on every change of state or error; returns the unsubscribe function. */
  onChange(listener: (s: BrokerStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Receives every message matching `filter` (QoS 1: on a site broker with a persistent
   * session, what arrives while the console is away is kept for it), across reconnects
   * and the protocol fallback; one handler per filter.
   */
  subscribe(filter: string, handler: Handler): void {
    this.handlers.set(filter, handler);
    for (const u of this.unclaimed.filter((x) => topicMatches(filter, x.topic))) {
      this.unclaimed.splice(this.unclaimed.indexOf(u), 1);
      u.claim(this.handle(handler, u.topic, u.payload, u.again, u.retained));
    }
    if (this.client?.connected) this.client.subscribe(filter, { qos: 1 });
  }

  /** What another client library needs to reach the same broker with the same credentials and protocol. */
  get options(): Readonly<BrokerOptions> {
    return this.opts;
  }

  /**
   * Messages no handler takes yet, oldest first, unacknowledged: a persistent session
   * delivers what the broker kept as soon as the console connects, before core (waiting
   * for its database, perhaps) subscribes. Each goes to the first handler subscribed for
   * it; one nobody takes within UNCLAIMED_MS is dropped (and acknowledged).
   */
  private readonly unclaimed: { topic: string; payload: Buffer; again: boolean; retained: boolean; claim: (work: Promise<unknown>) => void }[] = [];

  private handle(handler: Handler, topic: string, payload: Buffer, again: boolean, retained: boolean): Promise<unknown> {
    try {
      return Promise.resolve(handler(topic, payload, again, retained)).catch((err: unknown) => this.log.error('a message handler failed', { err: String(err) }));
    } catch (err) {
      this.log.error('a message handler failed', { err: String(err) });
      return Promise.resolve();
    }
  }

  private dispatch(topic: string, payload: Buffer, packet: IPublishPacket): void {
    const work: Promise<unknown>[] = [];
    const again = packet.dup === true;
    const retained = packet.retain === true;
    for (const [filter, handler] of this.handlers) if (topicMatches(filter, topic)) work.push(this.handle(handler, topic, payload, again, retained));
    if (work.length) return void this.work.set(packet, Promise.all(work));
    const entry = { topic, payload, again, retained, claim: (_: Promise<unknown>) => {} };
    this.work.set(packet, new Promise<unknown>((ok) => (entry.claim = ok)));
    this.unclaimed.push(entry);
    setTimeout(() => {
      const at = this.unclaimed.indexOf(entry);
      if (at < 0) return;
      this.unclaimed.splice(at, 1);
      this.log.warn('a message no part of the console subscribes to was dropped', { topic });
      entry.claim(Promise.resolve());
    }, UNCLAIMED_MS).unref();
  }

  /**
   * A QoS 1 message is acknowledged only once its handlers are done, that is once its row
   * is committed or in the outbox (BatchWriter.add), so a console killed before then gets
   * it again from its session. mqtt.js sends the PUBACK when handleMessage calls back, but
   * parses nothing else until then (its documented backpressure), which would take one
   * message per database commit. So the callback is given an error, which moves on
   * without a PUBACK, and the PUBACKs are sent here in the order the messages came (as
   * MQTT requires), on the connection they came on; after a reconnect the broker sends
   * the unacknowledged ones again.
   */
  private holdAcks(client: MqttClient): void {
    client.handleMessage = (packet, callback) => {
      if (packet.qos !== 1 || packet.messageId === undefined) return callback();
      const entry = { client, connection: this.connection, id: packet.messageId, done: false };
      this.acks.push(entry);
      const release = () => {
        entry.done = true;
        while (this.acks[0]?.done) {
          const a = this.acks.shift()!;
          if (a.client === this.client && a.connection === this.connection && a.client.connected) sendPacket(a.client, { cmd: 'puback', messageId: a.id });
        }
      };
      void (this.work.get(packet) ?? Promise.resolve()).then(release);
      callback(HELD);
    };
  }

  private set(patch: Partial<BrokerStatus>): void {
    const next = { ...this.status, ...patch };
    if (next.state !== this.status.state) next.since = this.clock.now().toISOString();
    const changed = JSON.stringify({ ...next, since: '' }) !== JSON.stringify({ ...this.status, since: '' });
    this.status = next;
    if (changed) this.listeners.forEach((l) => l(next));
  }

  private connect(version: 4 | 5): void {
    const read = (f?: string) => (f ? readFileSync(f) : undefined);
    const client = mqtt.connect(this.opts.url, {
      protocolVersion: version,
      clientId: this.opts.clientId,
      username: this.opts.username,
      password: this.opts.password,
      ca: read(this.opts.caFile),
      cert: read(this.opts.certFile),
      key: read(this.opts.keyFile),
      // Every second, so the console is back within 1 s of its broker.
      reconnectPeriod: 1000,
      connectTimeout: 5000,
      // Subscriptions are renewed on every connect from `handlers`.
      resubscribe: false,
      // A site broker keeps the console's session (a stable client id) and queues its QoS 1
      // messages while it reconnects; the embedded broker lives and dies with the console.
      clean: this.opts.kind !== 'site',
      ...(version === 5 && this.opts.kind === 'site' ? { properties: { sessionExpiryInterval: SESSION_EXPIRY_S } } : {}),
    });
    this.client = client;
    noDelay(client);
    client.on('connect', () => {
      this.connection++;
      this.set({ state: 'connected', protocolVersion: version, lastError: null });
      if (this.handlers.size) client.subscribe([...this.handlers.keys()], { qos: 1 });
    });
    this.holdAcks(client);
    client.on('message', (topic, payload, packet) => this.dispatch(topic, payload, packet));
    client.on('reconnect', () => this.set({ state: 'reconnecting' }));
    client.on('close', () => {
      if (this.stopped) return;
      if (this.status.state === 'connected') this.set({ state: 'reconnecting', lastError: this.status.lastError ?? 'The connection to the broker was lost' });
    });
    client.on('error', (err: Error & { code?: string | number }) => {
      if (version === 5 && protocolRejected(err)) {
        this.log.info('broker refuses MQTT 5; using 3.1.1');
        client.end(true);
        this.connect(4);
        return;
      }
      this.set({ lastError: describeError(err) });
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.client?.endAsync(true);
    this.set({ state: 'disconnected' });
  }
}
