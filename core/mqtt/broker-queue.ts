// The embedded broker's message queue: Aedes's own (mqemitter), without its stack overflow.
//
// mqemitter delivers at most `concurrency` messages at a time and queues the rest. When a delivery
// ends, the next queued message is delivered inside that call; a message nobody subscribes to ends
// at once, so a run of them nests one call in the next. Behind a subscriber that stopped reading, a
// burst of a few thousand such messages overflowed the stack and took the whole console down with
// the broker (seen with 50,000 vehicles, each sent a factsheet request; mcollina/mqemitter#204).
// Here a delivery nested deeper than MAX_NESTED waits for the next turn of the event loop instead.
// It is counted as under way meanwhile, so later messages still queue behind it, in order.
import mqemitter from 'mqemitter';

export const MAX_NESTED = 100;

/** What this relies on inside mqemitter 7.1 (pinned in package.json; `broker-queue.test.ts` checks it). */
interface Inside {
  _doing: boolean;
  current: number;
  _matcher: { match(topic: string): unknown[] };
  _parallel(that: unknown, matches: unknown[], message: mqemitter.Message, done: unknown): void;
  _do(message: mqemitter.Message, done: unknown): unknown;
}

/** The queue Aedes would make itself (`concurrency`, empty levels matched as MQTT requires), with bounded nesting. */
export function brokerQueue(concurrency: number): mqemitter.MQEmitter {
  const mq = mqemitter({ concurrency, matchEmptyLevels: true });
  const inside = mq as unknown as Inside;
  let nested = 0;
  const deliver = (message: mqemitter.Message, done: unknown) => {
    nested++;
    try {
      inside._parallel(mq, inside._matcher.match(message.topic), message, done);
    } finally {
      nested--;
    }
  };
  inside._do = (message, done) => {
    inside._doing = true;
    inside.current++;
    if (nested < MAX_NESTED) deliver(message, done);
    else setImmediate(deliver, message, done);
    return mq;
  };
  return mq;
}
