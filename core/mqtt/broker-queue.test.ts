import mqemitter from 'mqemitter';
import { expect, it } from 'vitest';
import { brokerQueue, type Inside } from './broker-queue.js';

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

it('with more than one delivery under way, messages still go out in the order they came', async () => {
  // Two slots: one held, one busy with a subscriber that answers on the next turn (as Aedes's sockets do).
  // When the held one ends, the run nests past the bound and waits; the other slot frees meanwhile.
  const mq = brokerQueue(2);
  const log: string[] = [];
  let hold: (() => void) | null = null;
  mq.on('held', (_m, done) => void (hold = done));
  mq.on('seen/#', (m, done) => (log.push(m.topic), setImmediate(done)));
  mq.emit({ topic: 'held' });
  mq.emit({ topic: 'seen/first' });
  const sent: string[] = [];
  for (let i = 0; i < 450; i++) {
    const topic = i % 150 === 149 ? `seen/${i}` : `nobody/${i}`;
    sent.push(topic);
    mq.emit({ topic }, () => topic.startsWith('nobody') && void log.push(topic));
  }
  hold!();
  await expect.poll(() => log.length, { timeout: 10_000 }).toBe(451);
  expect(log).toEqual(['seen/first', ...sent]);
  await expect.poll(() => mq.current).toBe(0);
});

it('mqemitter still has the parts the queue relies on', () => {
  const mq = mqemitter({ concurrency: 1 }) as unknown as Inside;
  expect(typeof mq._do).toBe('function');
  expect(typeof mq._parallel).toBe('function');
  expect(typeof mq._matcher.match).toBe('function');
  expect([mq.current, mq._doing]).toEqual([0, false]);
});
