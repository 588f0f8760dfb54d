// Watchfloor as VDA 5050 master control, through vda-5050-lib's MasterController.
import { readFileSync } from 'node:fs';
import { MasterController, Topic, type AgvId, type ClientOptions, type SubscriptionHandler, type SubscriptionId } from 'vda-5050-lib';
import { noDelay, type BrokerOptions, type MqttClientLike } from '../mqtt/connection.js';

type Dispatch = (topic: string, payload: Buffer) => void;
type Handler = (object: object, subject: AgvId, topic: string, id: string) => void;
interface LibInternals {
  _dispatchMessage: Dispatch;
  /** The library's MQTT client, once started. */
  _mqtt?: MqttClientLike & { prependListener(e: 'message', f: (topic: string, payload: Buffer, packet: { retain?: boolean }) => void): void };
  _withObjectHeader(topic: string, subject: AgvId, object: object): Record<string, unknown>;
  _subscriptionManager: { find(mqttTopic: string, subject: AgvId): [Iterable<[string, Handler]>, string] };
}
/** Returns the parsed message to hand on, or null when it was refused (and quarantined); `retained`: the broker's retained copy. */
export type Gate = (topic: string, payload: Buffer, validate: (subtopic: string, obj: object) => void, retained: boolean) => Record<string, unknown> | null;

export function masterOptions(o: BrokerOptions, interfaceName: string, protocolVersion: 4 | 5): ClientOptions {
  const read = (f?: string) => (f ? readFileSync(f) : undefined);
  return {
    interfaceName,
    vdaVersion: '2.0.0',
    // FleetMaster's gate runs the library's schema check on every inbound message itself.
    topicObjectValidation: { inbound: false, outbound: true },
    transport: {
      brokerUrl: o.url,
      protocolVersion: protocolVersion === 5 ? '5.0' : '3.1.1',
      username: o.username,
      password: o.password,
      tlsOptions: o.caFile || o.certFile || o.keyFile ? { ca: read(o.caFile), cert: read(o.certFile), key: read(o.keyFile) } : undefined,
      reconnectPeriod: 2000,
      connectTimeout: 5000,
    } as ClientOptions['transport'],
  };
}

/**
 * The library parses, validates and dispatches an inbound message in one private
 * step, and only logs what it drops. FleetMaster replaces that step with the ingest
 * gate (which runs the library's own schema check), so every refused message is
 * quarantined with its reason, and hands what passed, parsed once, to the library's
 * subscription handlers as its own step would (vda-5050-lib 1.4.0, pinned).
 */
export class FleetMaster extends MasterController {
  /** The message whose handlers are running (set only while they run), for quarantining what the database refuses. */
  current: { topic: string; payload: Buffer } | null = null;
  /** Whether the message being dispatched is the broker's retained copy (the library passes on only topic and payload). */
  private retained = false;

  /**
   * only: subscribe to this one vehicle's topics alone (a field laptop on a shared site broker):
   * the broker then sends no other vehicle's messages, connection topic included.
   */
  constructor(options: ClientOptions, gate: Gate, onHandlerError: (err: Error) => void, private readonly only: AgvId | null = null) {
    super(options, {});
    const lib = this as unknown as LibInternals;
    // VDA 5050 counts headerId per topic and per vehicle; the library counts per topic across all vehicles.
    const headerIds = new Map<string, number>();
    lib._withObjectHeader = (topic, subject, object) => {
      const key = `${topic}/${subject.manufacturer}/${subject.serialNumber}`;
      const headerId = headerIds.get(key) ?? 0;
      headerIds.set(key, headerId < 0xffffffff ? headerId + 1 : 0);
      return { ...object, timestamp: new Date().toISOString(), headerId, manufacturer: subject.manufacturer, serialNumber: subject.serialNumber, version: '2.0.0' };
    };
    const validate = (subtopic: string, obj: object) => this.validateTopicObject(subtopic, obj as never, '2.0.0');
    lib._dispatchMessage = (topic, payload) => {
      const obj = gate(topic, payload, validate, this.retained);
      if (!obj) return;
      const subject = { manufacturer: obj.manufacturer as string, serialNumber: obj.serialNumber as string };
      this.current = { topic, payload };
      try {
        const [handlers, subtopic] = lib._subscriptionManager.find(topic, subject);
        for (const [id, handler] of handlers) handler(obj, subject, subtopic, id);
      } catch (err) {
        onHandlerError(err as Error);
      } finally {
        this.current = null;
      }
    };
  }

  /** Called once connected, before the library subscribes to the vehicles' connection topic. */
  protected override async onStarted(): Promise<void> {
    const mqtt = (this as unknown as LibInternals)._mqtt;
    // Ahead of the library's own listener, which dispatches the message at once.
    mqtt?.prependListener('message', (_topic, _payload, packet) => (this.retained = packet.retain === true));
    if (mqtt) noDelay(mqtt);
    await super.onStarted();
  }

  protected override subscribeTopic<T extends string>(topic: T extends Topic ? T : string, subject: Partial<AgvId>, handler: SubscriptionHandler<T>): Promise<SubscriptionId> {
    return super.subscribeTopic(topic, this.only ? { ...subject, ...this.only } : subject, handler);
  }
}

/** The vehicle a field console is started for (`--field=manufacturer/serialNumber`), or null for every vehicle. */
export function fieldTarget(config: { field?: boolean | undefined; fieldVehicle?: string | undefined }): AgvId | null {
  if (config.field !== true || !config.fieldVehicle) return null;
  const slash = config.fieldVehicle.indexOf('/');
  return { manufacturer: config.fieldVehicle.slice(0, slash), serialNumber: config.fieldVehicle.slice(slash + 1) };
}

export { Topic, type AgvId };
