// Pure: what a VDA 5050 2.0 state message says about one action or one order.

export interface VdaReference { referenceKey: string; referenceValue: string }
export interface VdaErrorEntry { errorType: string; errorLevel: 'WARNING' | 'FATAL'; errorDescription?: string; errorReferences?: VdaReference[] }
export interface VdaActionState { actionId: string; actionType?: string; actionStatus: string; resultDescription?: string }

/** The order-related parts of a state message, as the standard names them. */
export interface VdaOrderState {
  orderId: string;
  orderUpdateId: number;
  lastNodeId: string;
  lastNodeSequenceId: number;
  nodeStates: Array<{ nodeId: string; sequenceId: number; released?: boolean }>;
  edgeStates: Array<{ edgeId: string; sequenceId: number; released?: boolean }>;
  actionStates: VdaActionState[];
  errors: VdaErrorEntry[];
  driving?: boolean;
  paused?: boolean;
}

export const refersTo = (e: VdaErrorEntry, key: string, value: string) =>
  (e.errorReferences ?? []).some((r) => r.referenceKey === key && r.referenceValue === value);

const describe = (e: VdaErrorEntry) => e.errorDescription ? `${e.errorType}: ${e.errorDescription}` : e.errorType;

export type ActionOutcome = { ok: true } | { ok: false; errorType: string; reason: string };

/**
 * How an action ended, or null while it has not: FINISHED is done; FAILED, or an error
 * naming its actionId (the standard asks for no other reference), is a refusal.
 */
export function actionOutcome(s: Pick<VdaOrderState, 'actionStates' | 'errors'>, actionId: string): ActionOutcome | null {
  const error = (s.errors ?? []).find((e) => refersTo(e, 'actionId', actionId));
  const state = (s.actionStates ?? []).find((a) => a.actionId === actionId);
  if (state?.actionStatus === 'FINISHED' && !error) return { ok: true };
  if (error) return { ok: false, errorType: error.errorType, reason: describe(error) };
  if (state?.actionStatus === 'FAILED') return { ok: false, errorType: 'actionFailed', reason: state.resultDescription ?? 'the action failed' };
  return null;
}

/** Whether the vehicle still has work on its order: nodes or edges left. */
export const hasOpenOrder = (s: Pick<VdaOrderState, 'orderId' | 'nodeStates' | 'edgeStates'>) =>
  Boolean(s.orderId) && ((s.nodeStates ?? []).length > 0 || (s.edgeStates ?? []).length > 0);

export interface OrderShape {
  orderId: string;
  nodes: Array<{ nodeId: string; sequenceId: number; actions: Array<{ actionId: string }> }>;
  edges: Array<{ actions: Array<{ actionId: string }> }>;
}

/** Where a vehicle stands on one order, judged only from what it reports for that orderId. */
export interface OrderProgress {
  /** The vehicle reports this order as its current one. */
  current: boolean;
  /** Index in the order's nodes of the last node reached; -1 before the first. */
  reached: number;
  /** Status of each of the order's actions the vehicle reports. */
  actions: Map<string, string>;
  /** No nodes or edges left, and every action of the order ended. */
  finished: boolean;
  /** An error the vehicle reports against this order (or one of its actions), in words. */
  failure: string | null;
}

/** A vehicle that refuses an order keeps reporting its previous one, so errors naming this order count either way. */
export function orderProgress(order: OrderShape, s: VdaOrderState): OrderProgress {
  const current = s.orderId === order.orderId;
  const reached = current ? order.nodes.findIndex((n) => n.sequenceId === s.lastNodeSequenceId && n.nodeId === s.lastNodeId) : -1;
  const ids = [...order.nodes, ...order.edges].flatMap((x) => x.actions.map((a) => a.actionId));
  const actions = new Map<string, string>();
  if (current) for (const a of s.actionStates ?? []) if (ids.includes(a.actionId)) actions.set(a.actionId, a.actionStatus);
  const ended = ids.every((id) => actions.get(id) === 'FINISHED' || actions.get(id) === 'FAILED');
  const error = (s.errors ?? []).find((e) => refersTo(e, 'orderId', order.orderId) || ids.some((id) => refersTo(e, 'actionId', id)));
  const failedAction = ids.find((id) => actions.get(id) === 'FAILED');
  const failure = error ? describe(error) : failedAction ? `action ${failedAction} failed` : null;
  return { current, reached, actions, finished: current && !hasOpenOrder(s) && ended, failure };
}
