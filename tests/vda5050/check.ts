// Checks VDA 5050 2.0.0 messages against the official JSON schemas (schemas/, from the
// VDA5050 repository at tag 2.0.0) with ajv, plus what those schema files leave out.
//
// Where the schema files and the specification text (same tag) disagree, the text wins:
// - instantActions.schema requires nothing at the top level, so a message without
//   `actions` passes it: `actions` must be present and non-empty (text 6.7).
// - instantActions.schema names an action's type `actionName` (and requires it); the text
//   and order.schema say `actionType`. Watchfloor sends both; a message must carry
//   `actionType`, and where it carries `actionName` the two must agree.
// - order.schema spells `allowedDeviationXy`; the text says `allowedDeviationXY`.
//   Watchfloor sends both with the same value; they must agree.
// - factsheet.json lists its fields beside `required` instead of under `properties`, so
//   only the required top-level keys are checked by it; the text's sections are checked here.
// - visualization.schema requires nothing; the header is checked here as for every topic.
// - factsheetRequest is not a 2.0.0 predefined action (it comes with 2.1.0); a 2.0.0
//   vehicle that does not know it reports it failed, which costs nothing.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

const dir = join(import.meta.dirname, 'schemas');
const files: Record<string, string> = {
  connection: 'connection.schema', factsheet: 'factsheet.json', instantActions: 'instantActions.schema',
  order: 'order.schema', state: 'state.schema', visualization: 'visualization.schema',
};
// strict: false because the official files carry non-standard keywords (subtopic, unit).
const ajv = new Ajv2020({ strict: false, allErrors: true });
(addFormats as unknown as (a: Ajv2020) => void)(ajv);
const validators = Object.fromEntries(Object.entries(files).map(([topic, file]) => [topic, ajv.compile(JSON.parse(readFileSync(join(dir, file), 'utf8')))]));

type Msg = Record<string, unknown>;
const isObj = (v: unknown): v is Msg => typeof v === 'object' && v !== null && !Array.isArray(v);

function extra(topic: string, m: Msg): string[] {
  const out: string[] = [];
  for (const k of ['headerId', 'timestamp', 'version', 'manufacturer', 'serialNumber']) if (!(k in m)) out.push(`header: ${k} missing`);
  if (m.version !== '2.0.0') out.push(`version is ${String(m.version)}, not 2.0.0`);
  if (typeof m.timestamp === 'string' && Number.isNaN(Date.parse(m.timestamp))) out.push('timestamp is not a date');
  if (topic === 'instantActions') {
    const actions = m.actions;
    if (!Array.isArray(actions) || actions.length === 0) out.push('instantActions: `actions` missing or empty');
    for (const a of Array.isArray(actions) ? actions : []) {
      if (!isObj(a) || typeof a.actionType !== 'string') out.push('instantActions: an action without actionType');
      else if ('actionName' in a && a.actionName !== a.actionType) out.push('instantActions: actionName differs from actionType');
    }
  }
  if (topic === 'order') {
    for (const n of Array.isArray(m.nodes) ? m.nodes : []) {
      const p = isObj(n) && isObj(n.nodePosition) ? n.nodePosition : null;
      if (p && 'allowedDeviationXy' in p && p.allowedDeviationXY !== p.allowedDeviationXy) out.push('order: allowedDeviationXY and allowedDeviationXy differ');
    }
    for (const list of [m.nodes, m.edges]) {
      for (const x of Array.isArray(list) ? list : []) {
        for (const a of isObj(x) && Array.isArray(x.actions) ? x.actions : []) if (!isObj(a) || typeof a.actionType !== 'string') out.push('order: an action without actionType');
      }
    }
  }
  if (topic === 'factsheet') {
    const p = m.physicalParameters;
    if (!isObj(p) || typeof p.speedMax !== 'number') out.push('factsheet: physicalParameters.speedMax missing');
    const f = m.protocolFeatures;
    const acts = isObj(f) && Array.isArray(f.agvActions) ? f.agvActions : null;
    if (!acts) out.push('factsheet: protocolFeatures.agvActions missing');
    for (const a of acts ?? []) {
      if (!isObj(a) || typeof a.actionType !== 'string' || !Array.isArray(a.actionScopes)) out.push('factsheet: an agvAction without actionType and actionScopes');
    }
  }
  if (topic === 'state') {
    for (const e of Array.isArray(m.errors) ? m.errors : []) {
      if (!isObj(e) || !['WARNING', 'FATAL'].includes(e.errorLevel as string)) out.push('state: an error whose errorLevel is not WARNING or FATAL');
    }
  }
  return out;
}

/** Every problem with one message on `{interface}/v2/{manufacturer}/{serial}/{topic}`; empty when it conforms. */
export function vdaProblems(mqttTopic: string, payload: Buffer | string): string[] {
  const topic = mqttTopic.split('/')[4] ?? '';
  const validate = validators[topic];
  if (!validate) return [`unknown topic ${topic}`];
  let m: unknown;
  try {
    m = JSON.parse(payload.toString());
  } catch {
    return ['not JSON'];
  }
  if (!isObj(m)) return ['not an object'];
  const out = validate(m) ? [] : (validate.errors ?? []).map((e) => `${topic} schema: ${e.instancePath || '/'} ${e.message ?? ''}`);
  return [...out, ...extra(topic, m)];
}

/**
 * Problems across recorded traffic: each message's own, and headerIds that do not go up
 * by one per topic and vehicle (connection is left out: a last will carries the header
 * it was given when the vehicle connected).
 */
export function trafficProblems(wire: Array<{ topic: string; payload: Buffer }>): string[] {
  const sent = wire.filter((m) => m.payload.length > 0);
  const out = sent.flatMap((m) => vdaProblems(m.topic, m.payload).map((p) => `${m.topic}: ${p}`));
  const last = new Map<string, number>();
  for (const m of sent) {
    if (m.topic.endsWith('/connection')) continue;
    const id = (JSON.parse(m.payload.toString()) as { headerId: number }).headerId;
    const before = last.get(m.topic);
    if (before !== undefined && id !== before + 1) out.push(`${m.topic}: headerId ${id} after ${before}`);
    last.set(m.topic, id);
  }
  return out;
}
