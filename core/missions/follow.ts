// Pure: which mission timeline steps a vehicle's report of its order adds, each once.
import type { OrderProgress } from '../fleet/vda-state.js';

export type Step = 'started' | 'pickup_arrived' | 'pickup_completed' | 'dropoff_arrived' | 'dropoff_completed' | 'completed' | { failed: string };

export interface Stops {
  /** Indexes of the pick-up and drop-off among the order's nodes. */
  pickAt: number;
  dropAt: number;
  pickId: string;
  dropId: string;
}

/** The steps `p` adds to those already in `seen` (which it updates), in the order they happen. */
export function nextSteps(stops: Stops, seen: Set<string>, p: OrderProgress): Step[] {
  if (seen.has('failed') || seen.has('completed')) return [];
  if (p.failure) {
    seen.add('failed');
    return [{ failed: p.failure }];
  }
  if (!p.current) return [];
  const out: Step[] = [];
  const once = (step: Exclude<Step, { failed: string }>, happened: boolean) => {
    if (happened && !seen.has(step)) {
      seen.add(step);
      out.push(step);
    }
  };
  once('started', true);
  once('pickup_arrived', p.reached >= stops.pickAt);
  once('pickup_completed', p.actions.get(stops.pickId) === 'FINISHED');
  once('dropoff_arrived', seen.has('pickup_completed') && p.reached >= stops.dropAt);
  once('dropoff_completed', seen.has('pickup_completed') && p.actions.get(stops.dropId) === 'FINISHED');
  once('completed', seen.has('dropoff_completed') && p.finished);
  return out;
}
