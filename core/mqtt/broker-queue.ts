// The embedded broker's message queue: Aedes's own (mqemitter), without its stack overflow.
//
// mqemitter delivers at most `concurrency` messages at a time and queues the rest. When a delivery
// ends, the next queued message is delivered inside that call; a message nobody subscribes to ends
// at once, so a run of them nests one call in the next. Behind a subscriber that stopped reading, a
// burst of a few thousand such messages overflowed the stack and took the whole console down with
// the broker (seen with 50,000 vehicles, each sent a factsheet request; mcollina/mqemitter#204).
// Here a delivery nested deeper than MAX_NESTED waits for the next turn of the event loop instead,
// and so does every delivery after it until it has gone: messages still go out in the order they came.
import mqemitter from 'mqemitter';

export const MAX_NESTED = 100;

/** What this relies on inside mqemitter 7.1 (pinned in package.json; `broker-queue.test.ts` checks it). */
export interface Inside {
  _doing: boolean;
  current: number;
  _matcher: { match(topic: string): unknown[] };
  _parallel(that: unknown, matches: unknown[], message: mqemitter.Message, done: unknown): void;
  _do(message: mqemitter.Message, done: unknown): unknown;
}

type Delivery = { message: mqemitter.Message; matches: unknown[]; done: unknown };

/** The queue Aedes would make itself (`concurrency`, empty levels matched as MQTT requires), with bounded nesting. */
export function brokerQueue(concurrency: number): mqemitter.MQEmitter {
  const mq = mqemitter({ concurrency, matchEmptyLevels: true });
  const inside = mq as unknown as Inside;
  let nested = 0;
  const waiting: Delivery[] = [];
  let next = 0;
  let scheduled = false;
  const deliver = (d: Delivery) => {
    nested++;
    try {
      inside._parallel(mq, d.matches, d.message, d.done);
    } finally {
      nested--;
    }
  };
  const drain = () => {
    scheduled = false;
    // Deliveries that end at once queue behind the ones still waiting, so this loop stays flat.
    for (let n = 0; next < waiting.length && n < 10_000; n++) deliver(waiting[next++]!);
    if (next < waiting.length) schedule();
    else waiting.length = next = 0;
  };
  const schedule = () => {
    if (!scheduled) (scheduled = true), setImmediate(drain);
  };
  inside._do = (message, done) => {
    // Counted as under way at once: later messages queue in mqemitter behind it, as they would.
    inside._doing = true;
    inside.current++;
    const d = { message, matches: inside._matcher.match(message.topic), done };
    if (next < waiting.length || nested >= MAX_NESTED) {
      waiting.push(d);
      schedule();
    } else deliver(d);
    return mq;
  };
  return mq;
}
