import { describe, expect, it } from 'vitest';
import { inspectAlert } from './gate.js';

const places = { siteBySlug: (s: string) => (s === 'lindenhof' ? 'site-1' : undefined), map: () => undefined };
const ctx = { maxBytes: 1024, now: new Date('2026-11-22T10:00:00Z'), places };
const body = (o: object) => Buffer.from(JSON.stringify(o));
const good = { externalId: 'A-1', type: 'smoke', severity: 2, title: 'Smoke in B2', location: { lat: 51.44, lon: 5.47, address: 'Main House' }, vendorField: 7 };

describe('inspectAlert', () => {
  it('accepts an alert and keeps the whole payload, extra fields included', () => {
    const v = inspectAlert('watchfloor/v1/lindenhof/alerts/fire-panel', body(good), ctx);
    expect(v).toEqual({ ok: true, value: { siteId: 'site-1', source: 'fire-panel', alert: good, raw: good } });
  });

  it.each([
    ['watchfloor/v1/lindenhof/alerts', good, 'topic is not watchfloor/v1/{site}/alerts/{source}'],
    ['watchfloor/v1/lindenhof/alerts/a/b', good, 'topic is not watchfloor/v1/{site}/alerts/{source}'],
    ['watchfloor/v1/atlantis/alerts/x', good, "site 'atlantis' is not known"],
    ['watchfloor/v1/lindenhof/alerts/fleet', good, "source 'fleet' is reserved for the console's own alerts"],
    ['watchfloor/v1/lindenhof/alerts/FLEET', good, "source 'FLEET' is reserved for the console's own alerts"],
    ['watchfloor/v1/lindenhof/alerts/Sensor-Rule', good, "source 'Sensor-Rule' is reserved for the console's own alerts"],
    ['watchfloor/v1/lindenhof/alerts/bad source', good, "source 'bad source' may only hold letters, digits, '.', '_' and '-' (at most 100)"],
    ['watchfloor/v1/lindenhof/alerts/x', { ...good, severity: 7 }, 'fails the alert schema: severity: severity runs from 1 (critical) to 5'],
    ['watchfloor/v1/lindenhof/alerts/x', { ...good, externalId: undefined }, /^fails the alert schema: externalId: /],
    ['watchfloor/v1/lindenhof/alerts/x', { ...good, location: { lat: 95, lon: 5 } }, /^fails the alert schema: location.lat: /],
    ['watchfloor/v1/lindenhof/alerts/x', { ...good, occurredAt: '2026-11-22T11:00:00Z' }, 'occurredAt 2026-11-22T11:00:00Z is more than 5 minutes in the future'],
  ])('refuses %s %j', (topic, payload, reason) => {
    const v = inspectAlert(topic, body(payload), ctx);
    expect(v.ok).toBe(false);
    expect(v.ok ? null : v.reason).toMatch(reason instanceof RegExp ? reason : new RegExp(`^${reason.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`));
  });

  it('refuses what is not JSON, too big, or not an object', () => {
    const t = 'watchfloor/v1/lindenhof/alerts/x';
    expect(inspectAlert(t, Buffer.from('{oops'), ctx)).toMatchObject({ ok: false, reason: expect.stringMatching(/^not JSON/) });
    expect(inspectAlert(t, Buffer.alloc(2000, 32), ctx)).toMatchObject({ ok: false, reason: 'message is 2000 bytes, over the 1024-byte limit' });
    expect(inspectAlert(t, Buffer.from('[1]'), ctx)).toMatchObject({ ok: false, reason: 'JSON is an array, not an object' });
  });
});
