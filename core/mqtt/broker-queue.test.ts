import mqemitter from 'mqemitter';
import { expect, it } from 'vitest';
import { brokerQueue } from './broker-queue.js';

/**
 * One delivery held open (a subscriber that stopped reading), so with a concurrency of 1 everything
 * after it queues: `n` messages to topics nobody subscribes to, then one to a subscriber.
 */
function flood(mq: mqemitter.MQEmitter, n: number) {
  let hold: (() => void) | null = null;
  const order: number[] = [];
  const delivered: string[] = [];
  mq.on('held', (_m, done) => void (hold = done));
  mq.on('seen/#', (m, done) => (delivered.push(m.topic), done()));
  mq.emit({ topic: 'held' });
  for (let i = 0; i < n; i++) mq.emit({ topic: `nobody/${i}` }, () => void order.push(i));
  mq.emit({ topic: 'seen/last' }, () => void order.push(n));
  return { release: () => hold!(), order, delivered };
}

it("Aedes's own queue overflows the stack when a held delivery ends before a run of unsubscribed messages", () => {
  const f = flood(mqemitter({ concurrency: 1, matchEmptyLevels: true }), 50_000);
  expect(() => f.release()).toThrow(RangeError);
});

it("the console's queue delivers the same run, in order, and then the subscribed message", async () => {
  const mq = brokerQueue(1);
  const f = flood(mq, 50_000);
  f.release();
  await expect.poll(() => f.order.length, { timeout: 10_000 }).toBe(50_001);
  expect(f.order.every((v, i) => v === i)).toBe(true);
  expect(f.delivered).toEqual(['seen/last']);
  expect(mq.current).toBe(0);
});
