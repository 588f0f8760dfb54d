// The demo's simulated alert sources publish what the console's gate accepts, and clear the calls staff attend.
import mqtt from 'mqtt';
import { afterEach, expect, it } from 'vitest';
import { startEmbeddedBroker } from '../../core/mqtt/embedded-broker.js';
import { inspectAlert } from '../../core/ops/gate.js';
import { SimAlerts } from '../../core/simulator/alerts.js';
import { loadSiteGraph, seeded } from '../../core/simulator/site.js';

const cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

it('publishes alerts on the campus that pass the alert gate', async () => {
  const broker = await startEmbeddedBroker();
  cleanup.push(() => broker.close());
  const sub = await mqtt.connectAsync(broker.url);
  cleanup.push(() => sub.endAsync());
  const got: { topic: string; payload: Buffer }[] = [];
  sub.on('message', (topic, payload) => got.push({ topic, payload }));
  await sub.subscribeAsync('watchfloor/v1/+/alerts/+');
  const graph = loadSiteGraph();
  const sim = new SimAlerts({ brokerUrl: broker.url, protocolVersion: 4, graph, meanIntervalS: 3600, random: seeded(7), timeLapse: 1000 });
  await sim.start();
  cleanup.push(() => sim.stop());
  for (let i = 0; i < 60; i++) sim.publish();
  // Calls and doors are cleared at the source a little later (here 1000 times faster); falls, smoke and wandering are not.
  const cleared = () => got.filter((m) => JSON.parse(m.payload.toString()).cleared === true);
  await expect.poll(() => got.length - cleared().length, { timeout: 5000 }).toBe(60);
  const clearable = got.filter((m) => ['call_button', 'door_forced'].includes(JSON.parse(m.payload.toString()).type) && !JSON.parse(m.payload.toString()).cleared).length;
  expect(clearable).toBeGreaterThan(20);
  expect(clearable).toBeLessThan(60);
  await expect.poll(() => cleared().length, { timeout: 5000 }).toBe(clearable);
  expect(new Set(cleared().map((m) => JSON.parse(m.payload.toString()).type))).toEqual(new Set(['call_button', 'door_forced']));
  const places = { siteBySlug: (s: string) => (s === graph.site ? 'site' : undefined), map: () => undefined };
  const verdicts = got.map((m) => inspectAlert(m.topic, m.payload, { maxBytes: 4096, now: new Date(), places }));
  expect(verdicts.filter((v) => !v.ok)).toEqual([]);
  const sources = new Set(verdicts.map((v) => (v.ok ? v.value.source : '')));
  expect([...sources].sort()).toEqual(['access-control', 'fire-panel', 'nurse-call']);
  expect(new Set(verdicts.map((v) => (v.ok ? v.value.alert.externalId : ''))).size).toBe(60);
});
