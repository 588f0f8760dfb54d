import { beforeFirstAnswer, HEARTBEAT_MS, isStale, PROBE_MS, probeLoss, type Loss } from './liveness.js';

export interface LivenessDeps {
  /** Any cheap call to core; its answer is the heartbeat. */
  ping: () => Promise<unknown>;
  /** Asks the host why it is away (browser only); null where there is no host to ask (Electron). */
  probe: (() => Promise<number | 'network-error'>) | null;
  /** Called once when the host is found restarted: stop the socket's reconnect attempts, which it refuses. */
  onRestarted: () => void;
  now?: () => number;
}

/**
 * A heartbeat on the live connection: the page asks core for a sign of life every
 * second, and past STALE_AFTER_MS without an answer (or at once when the socket
 * closes) it counts as stale since the last answer, until core answers again.
 */
export class LivenessManager {
  lastAnswer = $state(0);
  /** When the page stopped being live (its last answer), or null while live. */
  lostAt = $state<number | null>(null);
  why = $state<Loss | null>(null);
  stale = $derived(this.lostAt !== null);
  #linkClosed = false;
  /** Whether core has answered this page at all (before that, a host that serves the page is still starting its core). */
  #answered = false;
  #pinging = false;
  #probing = false;
  #lastProbe = 0;
  #lastPing = -Infinity;
  #timer: ReturnType<typeof setInterval> | null = null;
  readonly #now: () => number;

  constructor(private readonly deps: LivenessDeps) {
    this.#now = deps.now ?? (() => Date.now());
    this.lastAnswer = this.#now();
  }

  start(): void {
    this.stop();
    // Checked four times per heartbeat, so staleness shows within STALE_AFTER_MS plus a quarter second.
    this.#timer = setInterval(() => this.tick(), HEARTBEAT_MS / 4);
    this.tick();
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
  }

  /** The socket's own state: a close marks the page stale at once. */
  link(state: 'connecting' | 'open' | 'closed'): void {
    this.#linkClosed = state === 'closed';
    if (this.#linkClosed) this.#check();
  }

  tick(): void {
    const now = this.#now();
    if (!this.#pinging && this.why !== 'restarted' && now - this.#lastPing >= HEARTBEAT_MS) {
      this.#pinging = true;
      this.#lastPing = now;
      this.deps.ping().then(
        () => {
          this.#pinging = false;
          this.#answered = true;
          this.lastAnswer = this.#now();
          this.#linkClosed = false;
          this.lostAt = null;
          this.why = null;
        },
        () => (this.#pinging = false),
      );
    }
    this.#check();
  }

  #check(): void {
    if (this.why === 'restarted') return;
    const now = this.#now();
    if (!isStale(this.lastAnswer, this.#linkClosed, now)) return;
    if (this.lostAt === null) {
      this.lostAt = this.lastAnswer;
      this.why = this.#first(this.#linkClosed ? 'unreachable' : 'silent');
    }
    if (this.deps.probe && !this.#probing && now - this.#lastProbe >= PROBE_MS) void this.#probe(now);
  }

  #first(loss: Loss): Loss {
    return this.#answered ? loss : beforeFirstAnswer(loss);
  }

  async #probe(now: number): Promise<void> {
    this.#probing = true;
    this.#lastProbe = now;
    try {
      const loss = probeLoss(await this.deps.probe!());
      // An answer that came in meanwhile wins: the page is live again.
      if (this.lostAt === null) return;
      this.why = this.#first(loss === 'reconnecting' && !this.#linkClosed ? 'silent' : loss);
      if (loss === 'restarted') this.deps.onRestarted();
    } finally {
      this.#probing = false;
    }
  }
}
