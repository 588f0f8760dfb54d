// A VDA 5050 2.0.0 vehicle as a maker would write one, on a plain MQTT client and not
// on vda-5050-lib: it drives an order node by node, runs pick and drop on its nodes
// (WAITING → RUNNING → FINISHED), reads instant actions from `actions` only, and
// publishes connection (ONLINE, with a retained last will of CONNECTIONBROKEN), state
// and, when asked, its factsheet. Tests use it to check Watchfloor against the standard.
import mqtt, { type MqttClient } from 'mqtt';

type Json = Record<string, unknown>;
interface Action { actionId: string; actionType: string; blockingType: string; actionParameters?: Array<{ key: string; value: unknown }> }
interface OrderNode { nodeId: string; sequenceId: number; released: boolean; nodePosition?: { x: number; y: number; mapId: string }; actions: Action[] }
interface OrderEdge { edgeId: string; sequenceId: number; released: boolean; startNodeId: string; endNodeId: string; actions: Action[] }
interface ActionState { actionId: string; actionType: string; actionStatus: string; resultDescription?: string }
interface VdaError { errorType: string; errorLevel: 'WARNING' | 'FATAL'; errorDescription: string; errorReferences: Array<{ referenceKey: string; referenceValue: string }> }

export interface StandardVehicleOptions {
  brokerUrl: string;
  interfaceName: string;
  manufacturer: string;
  serialNumber: string;
  mapId: string;
  x: number;
  y: number;
  /** Metres per second while driving (tests use a fast vehicle). */
  speed?: number;
  /** Seconds pick and drop take. */
  actionSeconds?: number;
  /** Instant actions the vehicle supports and lists in its factsheet. */
  instantActions?: string[];
  /** speedMax in the factsheet. */
  speedMax?: number;
  username?: string;
  password?: string;
  /** Seconds an instant action stays RUNNING before it ends (0: it ends in the state that first lists it). */
  instantSeconds?: number;
}

const ALL_INSTANT = ['startPause', 'stopPause', 'cancelOrder', 'stateRequest', 'factsheetRequest', 'logReport', 'initPosition'];
const TICK_MS = 50;

export class StandardVehicle {
  private client: MqttClient | null = null;
  private readonly headerIds = new Map<string, number>();
  private timer: NodeJS.Timeout | null = null;
  private heartbeat: NodeJS.Timeout | null = null;
  x: number;
  y: number;
  theta = 0;
  orderId = '';
  orderUpdateId = 0;
  lastNodeId = '';
  lastNodeSequenceId = 0;
  nodes: OrderNode[] = [];
  edges: OrderEdge[] = [];
  actionStates: ActionState[] = [];
  errors: VdaError[] = [];
  paused = false;
  driving = false;
  /** safetyState.eStop: NONE, or how it was pressed (AUTOACK, MANUAL, REMOTE). */
  eStop = 'NONE';
  fieldViolation = false;
  information: Array<{ infoType: string; infoLevel: 'INFO' | 'DEBUG'; infoDescription: string; infoReferences: Array<{ referenceKey: string; referenceValue: string }> }> = [];
  /** False: instant actions are received and ignored, as by a vehicle that never answers. */
  answering = true;
  /** Instant action types this vehicle takes and then reports FAILED. */
  readonly failing = new Set<string>();
  /** Log reports asked for, with their reason. */
  readonly logReports: string[] = [];
  /** Order that was cancelled (a second cancelOrder then has nothing to cancel). */
  private cancelled = false;
  private running: { action: Action; until: number } | null = null;
  /** Every instantActions and order message this vehicle received, as parsed. */
  readonly received: Array<{ topic: string; message: Json }> = [];

  constructor(readonly o: StandardVehicleOptions) {
    this.x = o.x;
    this.y = o.y;
  }

  private topic(t: string) {
    return `${this.o.interfaceName}/v2/${this.o.manufacturer}/${this.o.serialNumber}/${t}`;
  }

  private header(t: string): Json {
    const headerId = this.headerIds.get(t) ?? 0;
    this.headerIds.set(t, headerId + 1);
    return { headerId, timestamp: new Date().toISOString(), version: '2.0.0', manufacturer: this.o.manufacturer, serialNumber: this.o.serialNumber };
  }

  async start(): Promise<void> {
    const will = { ...this.header('connection'), connectionState: 'CONNECTIONBROKEN' };
    const client = mqtt.connect(this.o.brokerUrl, {
      clientId: `std-${this.o.serialNumber}-${Date.now().toString(36)}`, reconnectPeriod: 0, username: this.o.username, password: this.o.password,
      will: { topic: this.topic('connection'), payload: Buffer.from(JSON.stringify(will)), qos: 1, retain: true },
    });
    this.client = client;
    await new Promise<void>((ok, fail) => (client.once('connect', () => ok()), client.once('error', fail)));
    client.on('message', (topic, payload) => this.onMessage(topic, payload));
    await client.subscribeAsync([this.topic('order'), this.topic('instantActions')], { qos: 0 });
    await this.publish('connection', { connectionState: 'ONLINE' }, true);
    this.publishState();
    this.timer = setInterval(() => this.tick(), TICK_MS);
    this.heartbeat = setInterval(() => this.publishState(), 1000);
  }

  /** Says goodbye: connection OFFLINE, then disconnects. */
  async stop(): Promise<void> {
    this.halt();
    if (!this.client) return;
    await this.publish('connection', { connectionState: 'OFFLINE' }, true).catch(() => {});
    await this.client.endAsync();
    this.client = null;
  }

  /** Loses power: no goodbye, so the broker publishes the last will; the order is gone from memory. */
  kill(): void {
    this.halt();
    this.client?.end(true);
    this.client = null;
    this.orderId = '';
    this.orderUpdateId = 0;
    this.nodes = [];
    this.edges = [];
    this.actionStates = [];
    this.running = null;
    this.driving = false;
  }

  private halt(): void {
    if (this.timer) clearInterval(this.timer);
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.timer = this.heartbeat = null;
  }

  private async publish(t: string, body: Json, retain = false): Promise<void> {
    if (!this.client) return;
    await this.client.publishAsync(this.topic(t), JSON.stringify({ ...this.header(t), ...body }), { qos: 0, retain });
  }

  publishState(): void {
    void this.publish('state', {
      orderId: this.orderId, orderUpdateId: this.orderUpdateId, lastNodeId: this.lastNodeId, lastNodeSequenceId: this.lastNodeSequenceId,
      nodeStates: this.nodes.map((n) => ({ nodeId: n.nodeId, sequenceId: n.sequenceId, released: n.released, ...(n.nodePosition ? { nodePosition: { x: n.nodePosition.x, y: n.nodePosition.y, theta: 0, mapId: n.nodePosition.mapId } } : {}) })),
      edgeStates: this.edges.map((e) => ({ edgeId: e.edgeId, sequenceId: e.sequenceId, released: e.released })),
      driving: this.driving, paused: this.paused, operatingMode: 'AUTOMATIC', actionStates: this.actionStates, errors: this.errors, information: this.information,
      agvPosition: { x: this.x, y: this.y, theta: this.theta, mapId: this.o.mapId, positionInitialized: true },
      velocity: { vx: this.driving ? this.o.speed ?? 20 : 0, vy: 0, omega: 0 },
      batteryState: { batteryCharge: 90, charging: false }, safetyState: { eStop: this.eStop, fieldViolation: this.fieldViolation }, loads: [],
    }).catch(() => {});
  }

  private onMessage(topic: string, payload: Buffer): void {
    let m: Json;
    try {
      m = JSON.parse(payload.toString()) as Json;
    } catch {
      return;
    }
    const kind = topic.split('/')[4]!;
    this.received.push({ topic: kind, message: m });
    if (kind === 'order') this.onOrder(m);
    if (kind === 'instantActions') for (const a of (Array.isArray(m.actions) ? m.actions : []) as Action[]) this.instant(a);
    this.publishState();
  }

  private error(errorType: string, description: string, refs: Array<[string, string]>, level: 'WARNING' | 'FATAL' = 'WARNING'): void {
    this.errors.push({ errorType, errorLevel: level, errorDescription: description, errorReferences: refs.map(([referenceKey, referenceValue]) => ({ referenceKey, referenceValue })) });
  }

  /** Raises an error entry (as a real vehicle does for a fault) until clear() removes it. */
  raise(errorType: string, description: string, refs: Array<[string, string]> = [], level: 'WARNING' | 'FATAL' = 'WARNING'): void {
    this.error(errorType, description, refs, level);
    this.publishState();
  }

  clear(errorType: string): void {
    this.errors = this.errors.filter((e) => e.errorType !== errorType);
    this.publishState();
  }

  /** The emergency stop pressed: the vehicle stops and stays paused after release until told to resume. */
  pressEStop(kind: 'AUTOACK' | 'MANUAL' | 'REMOTE' = 'MANUAL'): void {
    this.eStop = kind;
    this.paused = true;
    this.driving = false;
    this.publishState();
  }

  releaseEStop(): void {
    this.eStop = 'NONE';
    this.publishState();
  }

  private onOrder(m: Json): void {
    const orderId = String(m.orderId);
    const updateId = Number(m.orderUpdateId);
    const nodes = m.nodes as OrderNode[];
    const edges = m.edges as OrderEdge[];
    if (orderId === this.orderId && updateId <= this.orderUpdateId) return; // a repeat or an old update: ignored
    if (orderId !== this.orderId && this.nodes.length > 0) {
      this.error('orderError', 'a new order while the current one is not finished', [['topic', 'order'], ['orderId', orderId], ['orderUpdateId', String(updateId)]]);
      return;
    }
    const first = nodes[0];
    if (!first || (first.nodePosition && Math.hypot(first.nodePosition.x - this.x, first.nodePosition.y - this.y) > 5 + ((first.nodePosition as { allowedDeviationXY?: number }).allowedDeviationXY ?? 0))) {
      this.error('orderError', 'the first node is not where the vehicle stands', [['topic', 'order'], ['orderId', orderId]]);
      return;
    }
    this.errors = this.errors.filter((e) => e.errorType !== 'noOrderToCancel');
    this.orderId = orderId;
    this.orderUpdateId = updateId;
    this.cancelled = false;
    // actionStates are kept until a new order arrives (text 6.10.6).
    this.actionStates = [];
    for (const x of [...nodes, ...edges]) for (const a of x.actions) this.actionStates.push({ actionId: a.actionId, actionType: a.actionType, actionStatus: 'WAITING' });
    // The first node is where the vehicle stands: traversed at once.
    this.nodes = nodes.slice(1);
    this.edges = [...edges];
    this.arrive(first);
  }

  private arrive(n: OrderNode): void {
    this.lastNodeId = n.nodeId;
    this.lastNodeSequenceId = n.sequenceId;
    this.edges = this.edges.filter((e) => e.sequenceId > n.sequenceId);
    this.nodes = this.nodes.filter((x) => x.sequenceId > n.sequenceId);
    if (n.nodePosition) ({ x: this.x, y: this.y } = n.nodePosition);
    this.pending = [...n.actions];
    this.publishState();
  }

  /** Node actions still to run on the node just reached, one after another. */
  private pending: Action[] = [];

  private setStatus(actionId: string, actionStatus: string, resultDescription?: string): void {
    const s = this.actionStates.find((a) => a.actionId === actionId);
    if (s) Object.assign(s, { actionStatus }, resultDescription ? { resultDescription } : {});
    this.publishState();
  }

  private tick(): void {
    if (this.paused || !this.orderId) return;
    const now = Date.now();
    if (this.running) {
      if (now < this.running.until) return;
      this.setStatus(this.running.action.actionId, 'FINISHED');
      this.running = null;
    }
    const next = this.pending.shift();
    if (next) {
      this.setStatus(next.actionId, 'RUNNING');
      this.running = { action: next, until: now + (this.o.actionSeconds ?? 0.3) * 1000 };
      return;
    }
    const target = this.nodes[0];
    if (!target?.nodePosition) {
      if (this.driving) (this.driving = false), this.publishState();
      return;
    }
    const step = ((this.o.speed ?? 20) * TICK_MS) / 1000;
    const dx = target.nodePosition.x - this.x;
    const dy = target.nodePosition.y - this.y;
    const d = Math.hypot(dx, dy);
    this.driving = true;
    if (d <= step) this.arrive(target);
    else {
      this.x += (dx / d) * step;
      this.y += (dy / d) * step;
      this.theta = Math.atan2(dy, dx);
    }
  }

  private instant(a: Action): void {
    const supported = this.o.instantActions ?? ALL_INSTANT;
    if (!this.answering) return;
    const state: ActionState = { actionId: a.actionId, actionType: a.actionType, actionStatus: 'WAITING' };
    this.actionStates.push(state);
    const settle = (status: string, result?: string) => Object.assign(state, { actionStatus: status }, result ? { resultDescription: result } : {});
    const delay = (this.o.instantSeconds ?? 0) * 1000;
    const finish = (status = 'FINISHED', result?: string) => {
      if (!delay) return void settle(status, result);
      settle('RUNNING');
      setTimeout(() => (settle(status, result), this.publishState()), delay);
    };
    if (this.failing.has(a.actionType)) return void finish('FAILED', `${a.actionType} refused by the vehicle`);
    if (!supported.includes(a.actionType)) {
      finish('FAILED', 'not supported');
      this.error('unsupportedAction', `${a.actionType} is not supported`, [['actionId', a.actionId], ['topic', 'instantActions']]);
      return;
    }
    switch (a.actionType) {
      case 'startPause':
        this.paused = true;
        this.driving = false;
        return void finish();
      case 'stopPause':
        this.paused = false;
        return void finish();
      case 'cancelOrder': {
        if (!this.orderId || this.cancelled || (this.nodes.length === 0 && this.edges.length === 0 && !this.running && !this.pending.length)) {
          // 6.6.3.2: failed, with a noOrderToCancel warning naming only the actionId.
          finish('FAILED');
          this.error('noOrderToCancel', 'there is no order to cancel', [['actionId', a.actionId]]);
          return;
        }
        for (const s of this.actionStates) if (s.actionStatus === 'WAITING' || s.actionStatus === 'RUNNING') if (s !== state) s.actionStatus = 'FAILED';
        this.nodes = [];
        this.edges = [];
        this.pending = [];
        this.running = null;
        this.driving = false;
        this.cancelled = true;
        return void finish();
      }
      case 'stateRequest':
        return void finish();
      case 'factsheetRequest':
        void this.publish('factsheet', this.factsheet());
        return void finish();
      case 'logReport':
        this.logReports.push(String(a.actionParameters?.find((p) => p.key === 'reason')?.value ?? ''));
        return void finish();
      case 'initPosition': {
        const p = (k: string) => a.actionParameters?.find((x) => x.key === k)?.value;
        if (typeof p('x') !== 'number' || typeof p('y') !== 'number') return void finish('FAILED', 'initPosition needs x and y');
        this.x = p('x') as number;
        this.y = p('y') as number;
        this.theta = Number(p('theta') ?? 0);
        this.lastNodeId = String(p('lastNodeId') ?? '');
        return void finish();
      }
    }
  }

  factsheet(): Json {
    const supported = this.o.instantActions ?? ALL_INSTANT;
    return {
      typeSpecification: { seriesName: 'Standard test carrier', agvKinematic: 'DIFF', agvClass: 'CARRIER', maxLoadMass: 300, localizationTypes: ['NATURAL'], navigationTypes: ['AUTONOMOUS'] },
      physicalParameters: { speedMin: 0, speedMax: this.o.speedMax ?? 2, accelerationMax: 1, decelerationMax: 1, heightMax: 1.2, width: 0.8, length: 1.2 },
      protocolLimits: { maxStringLens: { idLen: 64 }, maxArrayLens: { 'order.nodes': 100 }, timing: { minOrderInterval: 1, minStateInterval: 0.5 } },
      protocolFeatures: {
        optionalParameters: [],
        agvActions: [
          { actionType: 'pick', actionScopes: ['NODE'] }, { actionType: 'drop', actionScopes: ['NODE'] },
          ...supported.map((actionType) => ({ actionType, actionScopes: ['INSTANT'] })),
        ],
      },
      agvGeometry: {},
      loadSpecification: {},
    };
  }
}
