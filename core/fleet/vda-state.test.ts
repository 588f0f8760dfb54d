import { describe, expect, it } from 'vitest';
import { nextSteps } from '../missions/follow.js';
import { actionOutcome, hasOpenOrder, orderProgress, type VdaOrderState } from './vda-state.js';

const order = {
  orderId: 'o-2',
  nodes: [
    { nodeId: 'a', sequenceId: 0, actions: [] },
    { nodeId: 'b', sequenceId: 2, actions: [{ actionId: 'pick' }] },
    { nodeId: 'c', sequenceId: 4, actions: [{ actionId: 'drop' }] },
  ],
  edges: [{ actions: [] }, { actions: [] }],
};
const stops = { pickAt: 1, dropAt: 2, pickId: 'pick', dropId: 'drop' };
const state = (o: Partial<VdaOrderState>): VdaOrderState => ({
  orderId: 'o-2', orderUpdateId: 0, lastNodeId: 'a', lastNodeSequenceId: 0, nodeStates: [], edgeStates: [], actionStates: [], errors: [], ...o,
});

describe('VDA 5050 state reading', () => {
  it('ends an instant action on FINISHED, and refuses on FAILED or an error naming only its actionId', () => {
    expect(actionOutcome(state({ actionStates: [{ actionId: 'x', actionStatus: 'RUNNING' }] }), 'x')).toBeNull();
    expect(actionOutcome(state({ actionStates: [{ actionId: 'x', actionStatus: 'FINISHED' }] }), 'x')).toEqual({ ok: true });
    const noOrder = state({ errors: [{ errorType: 'noOrderToCancel', errorLevel: 'WARNING', errorReferences: [{ referenceKey: 'actionId', referenceValue: 'x' }] }] });
    expect(actionOutcome(noOrder, 'x')).toEqual({ ok: false, errorType: 'noOrderToCancel', reason: 'noOrderToCancel' });
    expect(actionOutcome(noOrder, 'y')).toBeNull();
    expect(actionOutcome(state({ actionStates: [{ actionId: 'x', actionStatus: 'FAILED', resultDescription: 'no' }] }), 'x')).toEqual({ ok: false, errorType: 'actionFailed', reason: 'no' });
  });

  it('tells an unfinished order from a finished one', () => {
    expect(hasOpenOrder(state({ nodeStates: [{ nodeId: 'c', sequenceId: 4 }] }))).toBe(true);
    expect(hasOpenOrder(state({}))).toBe(false);
    expect(hasOpenOrder(state({ orderId: '', nodeStates: [{ nodeId: 'c', sequenceId: 4 }] }))).toBe(false);
  });

  it('follows a mission only on what the vehicle reports for its orderId, each step once and in order', () => {
    const seen = new Set<string>();
    // Another order finished with all its actions: nothing of it counts for this one.
    expect(nextSteps(stops, seen, orderProgress(order, state({ orderId: 'o-1', actionStates: [{ actionId: 'pick', actionStatus: 'FINISHED' }] })))).toEqual([]);
    const open = [{ nodeId: 'b', sequenceId: 2 }, { nodeId: 'c', sequenceId: 4 }];
    expect(nextSteps(stops, seen, orderProgress(order, state({ nodeStates: open })))).toEqual(['started']);
    expect(nextSteps(stops, seen, orderProgress(order, state({ lastNodeId: 'b', lastNodeSequenceId: 2, nodeStates: open.slice(1), actionStates: [{ actionId: 'pick', actionStatus: 'RUNNING' }] })))).toEqual(['pickup_arrived']);
    // One report that jumps to the end gives every step left, in order.
    const done = state({ lastNodeId: 'c', lastNodeSequenceId: 4, actionStates: [{ actionId: 'pick', actionStatus: 'FINISHED' }, { actionId: 'drop', actionStatus: 'FINISHED' }] });
    expect(nextSteps(stops, seen, orderProgress(order, done))).toEqual(['pickup_completed', 'dropoff_arrived', 'dropoff_completed', 'completed']);
    expect(nextSteps(stops, seen, orderProgress(order, done))).toEqual([]);
  });

  it('is not finished while an action of the order is still running, and fails on an error naming the order', () => {
    const running = state({ lastNodeId: 'c', lastNodeSequenceId: 4, actionStates: [{ actionId: 'pick', actionStatus: 'FINISHED' }, { actionId: 'drop', actionStatus: 'RUNNING' }] });
    expect(orderProgress(order, running).finished).toBe(false);
    // A vehicle that refuses the order keeps reporting its previous one.
    const refused = state({ orderId: 'o-1', errors: [{ errorType: 'orderError', errorLevel: 'WARNING', errorDescription: 'node b unknown', errorReferences: [{ referenceKey: 'orderId', referenceValue: 'o-2' }] }] });
    const seen = new Set<string>();
    expect(nextSteps(stops, seen, orderProgress(order, refused))).toEqual([{ failed: 'orderError: node b unknown' }]);
    expect(nextSteps(stops, seen, orderProgress(order, refused))).toEqual([]);
  });
});
