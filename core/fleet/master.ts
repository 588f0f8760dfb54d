// Watchfloor as VDA 5050 master control, through vda-5050-lib's MasterController.
import { readFileSync } from 'node:fs';
import { MasterController, Topic, type AgvId, type ClientOptions } from 'vda-5050-lib';
import type { BrokerOptions } from '../mqtt/connection.js';

type Dispatch = (topic: string, payload: Buffer) => void;
/** Returns the object to hand on, or null when the message was refused (and quarantined). */
export type Gate = (topic: string, payload: Buffer, validate: (subtopic: string, obj: object) => void) => boolean;

export function masterOptions(o: BrokerOptions, interfaceName: string, protocolVersion: 4 | 5): ClientOptions {
  const read = (f?: string) => (f ? readFileSync(f) : undefined);
  return {
    interfaceName,
    vdaVersion: '2.0.0',
    // The gate below has already run the library's schema check on every inbound message.
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
 * step and only logs what it drops. FleetMaster puts the ingest gate in front of
 * that step, so every refused message is quarantined with its reason and the
 * library only ever sees messages that passed.
 */
export class FleetMaster extends MasterController {
  constructor(options: ClientOptions, gate: Gate) {
    super(options, {});
    const self = this as unknown as { _dispatchMessage: Dispatch };
    const dispatch = self._dispatchMessage.bind(this);
    const validate = (subtopic: string, obj: object) => this.validateTopicObject(subtopic, obj as never, '2.0.0');
    self._dispatchMessage = (topic, payload) => {
      if (gate(topic, payload, validate)) dispatch(topic, payload);
    };
  }
}

export { Topic, type AgvId };
