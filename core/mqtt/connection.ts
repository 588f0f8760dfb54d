import { readFileSync } from 'node:fs';
import { maskCredentials, withoutCredentials } from './mask.js';
import mqtt, { type MqttClient } from 'mqtt';
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

/** How long a site broker keeps the console's session while it is away (MQTT 5). */
export const SESSION_EXPIRY_S = 86_400;

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
  private stopped = false;

  private readonly listeners = new Set<(s: BrokerStatus) => void>();
  private readonly handlers = new Map<string, (topic: string, payload: Buffer) => void>();

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
  subscribe(filter: string, handler: (topic: string, payload: Buffer) => void): void {
    this.handlers.set(filter, handler);
    if (this.client?.connected) this.client.subscribe(filter, { qos: 1 });
  }

  /** What another client library needs to reach the same broker with the same credentials and protocol. */
  get options(): Readonly<BrokerOptions> {
    return this.opts;
  }

  private dispatch(topic: string, payload: Buffer): void {
    for (const [filter, handler] of this.handlers) if (topicMatches(filter, topic)) handler(topic, payload);
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
    client.on('connect', () => {
      this.set({ state: 'connected', protocolVersion: version, lastError: null });
      if (this.handlers.size) client.subscribe([...this.handlers.keys()], { qos: 1 });
    });
    client.on('message', (topic, payload) => this.dispatch(topic, payload));
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
