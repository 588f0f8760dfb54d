// External alerts pass the same door as every MQTT message: topic, size, JSON, schema.
import { AlertMessage } from '../contract/index.js';
import { checkTimestamp, decode, type KnownPlaces, type Verdict } from '../fleet/gate.js';

export const ALERT_TOPIC = 'watchfloor/v1/+/alerts/+';

export interface AlertArrival { siteId: string; source: string; alert: AlertMessage; raw: Record<string, unknown> }

/** `watchfloor/v1/{site}/alerts/{source}` with an AlertMessage body. */
export function inspectAlert(topic: string, payload: Buffer, ctx: { maxBytes: number; now: Date; places: KnownPlaces }): Verdict<AlertArrival> {
  const [root, version, slug, kind, source, ...rest] = topic.split('/');
  if (root !== 'watchfloor' || version !== 'v1' || kind !== 'alerts' || rest.length || !source) {
    return { ok: false, reason: 'topic is not watchfloor/v1/{site}/alerts/{source}' };
  }
  if (!/^[A-Za-z0-9._-]{1,100}$/.test(source)) return { ok: false, reason: `source '${source.slice(0, 120)}' may only hold letters, digits, '.', '_' and '-' (at most 100)` };
  // Compared without case: 'FLEET' must not pass for the console's own alerts either.
  if (['fleet', 'sensor-rule'].includes(source.toLowerCase())) return { ok: false, reason: `source '${source}' is reserved for the console's own alerts` };
  const siteId = ctx.places.siteBySlug(slug!);
  if (!siteId) return { ok: false, reason: `site '${slug}' is not known` };
  const decoded = decode(payload, ctx.maxBytes);
  if (!decoded.ok) return decoded;
  const parsed = AlertMessage.safeParse(decoded.value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { ok: false, reason: `fails the alert schema: ${issue.path.join('.') || 'body'}: ${issue.message}` };
  }
  if (parsed.data.occurredAt) {
    const late = checkTimestamp(parsed.data.occurredAt, ctx.now, 'occurredAt');
    if (late) return { ok: false, reason: late };
  }
  return { ok: true, value: { siteId, source, alert: parsed.data, raw: decoded.value } };
}
