import type { ReplayEvent, ReplayEventKind, ReplayState } from '../../core/contract/index.js';
import { REPLAY_EVENT_KINDS } from '../../core/contract/index.js';
import { errorText } from './errors.js';
import { Latest } from './list-detail.svelte.js';
import { advance, clamp, DEFAULT_SPAN_MS, nextEvent, previousEvent, stepMs, type Span, type Speed } from './replay-clock.js';
import type { Client } from './trpc.js';

/** How often playing moves the moment (the state is fetched again as soon as the last answer is in). */
const TICK_MS = 100;

/**
 * The time bar: a span, a moment in it, playing, and the state at that moment. While
 * `active` the map and the panels show only the past, read-only; `live()` returns.
 */
export class ReplayManager {
  active = $state(false);
  span = $state<Span>({ from: 0, to: 0 });
  at = $state(0);
  playing = $state(false);
  speed = $state<Speed>(1);
  ended = $state(false);
  kinds = $state<Set<ReplayEventKind>>(new Set(REPLAY_EVENT_KINDS));
  events = $state.raw<ReplayEvent[]>([]);
  state = $state.raw<ReplayState | null>(null);
  error = $state<string | null>(null);
  /** States drawn since playing started, for the frame rate shown beside the speed. */
  frames = $state(0);
  siteId: string | null = null;
  #timer: ReturnType<typeof setInterval> | null = null;
  #inFlight = false;
  #wanted: number | null = null;
  /** The span opened last: answers for an earlier one are dropped. */
  readonly #span = new Latest();
  #playedAt = 0;

  constructor(private readonly client: Client, private readonly now: () => number = Date.now) {}

  /** Opens the bar on a span (the last hour by default) at a moment in it. */
  async open(siteId: string, span?: Span, at?: number): Promise<void> {
    this.pause();
    const to = this.now();
    // The map keeps the last moment drawn until the new one is in, as a seek within a span does:
    // clearing it drew an empty map first, frames the new state then waited behind.
    if (siteId !== this.siteId) this.state = null;
    this.siteId = siteId;
    this.span = span ?? { from: to - DEFAULT_SPAN_MS, to };
    this.active = true;
    this.ended = false;
    this.error = null;
    const fresh = this.#span.next();
    // The state first, on its own: asked together, the span's events (often larger) were answered
    // first and the moment's state waited behind them.
    await this.seek(at ?? this.span.from);
    if (!fresh()) return;
    try {
      const events = await this.client.replay.events.query({ siteId, from: new Date(this.span.from).toISOString(), to: new Date(this.span.to).toISOString() });
      if (fresh()) this.events = events;
    } catch (err) {
      if (fresh()) this.error = errorText(err);
    }
  }

  /** "Replay around this": asks core for the span around the thing, then opens it. */
  async around(siteId: string, type: 'incident' | 'mission' | 'alert' | 'audit', id: string): Promise<void> {
    try {
      const a = await this.client.replay.anchor.query({ type, id });
      await this.open(siteId, { from: Date.parse(a.from), to: Date.parse(a.to) }, Date.parse(a.at));
    } catch (err) {
      this.active = true;
      this.error = errorText(err);
    }
  }

  /**
   * Moves to a moment; the state there is fetched (only the latest wanted moment once an answer
   * is in). Resolves when this call's fetch is answered, at once when one already under way will.
   */
  seek(t: number): Promise<void> {
    this.at = clamp(t, this.span);
    this.ended = this.at >= this.span.to;
    this.#wanted = this.at;
    return this.#fetch();
  }

  async #fetch(): Promise<void> {
    if (this.#inFlight || this.#wanted === null || !this.siteId) return;
    const t = this.#wanted;
    this.#wanted = null;
    this.#inFlight = true;
    const fresh = this.#span.current();
    try {
      const s = await this.client.replay.state.query({ siteId: this.siteId, at: new Date(t).toISOString() });
      if (fresh() && this.active) {
        this.state = s;
        this.error = null;
        if (this.playing) this.frames++;
      }
    } catch (err) {
      // No moment drawn rather than another than the bar shows.
      if (fresh()) (this.error = errorText(err)), (this.state = null);
    } finally {
      this.#inFlight = false;
      if (this.#wanted !== null) void this.#fetch();
    }
  }

  play(): void {
    if (this.playing) return;
    if (this.at >= this.span.to) this.seek(this.span.from);
    this.playing = true;
    this.frames = 0;
    this.#playedAt = this.now();
    let last = this.#playedAt;
    this.#timer = setInterval(() => {
      const now = this.now();
      const next = advance(this.at, now - last, this.speed, this.span);
      last = now;
      this.seek(next.at);
      if (next.ended) this.pause();
    }, TICK_MS);
  }

  pause(): void {
    this.playing = false;
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
  }

  /** States drawn per second of playing, so far. */
  get frameRate(): number {
    const s = (this.now() - this.#playedAt) / 1000;
    return s > 0 ? this.frames / s : 0;
  }

  step(direction: 1 | -1): void {
    this.seek(this.at + direction * stepMs(this.span));
  }

  nextEvent(): void {
    const e = nextEvent(this.events, this.at, this.kinds);
    if (e) this.seek(Date.parse(e.at));
  }

  previousEvent(): void {
    const e = previousEvent(this.events, this.at, this.kinds);
    if (e) this.seek(Date.parse(e.at));
  }

  toggleKind(k: ReplayEventKind): void {
    const next = new Set(this.kinds);
    if (next.has(k)) next.delete(k);
    else next.add(k);
    this.kinds = next;
  }

  /** Back to the present: the bar closes and the live views return. */
  live(): void {
    this.reset();
  }

  reset(): void {
    this.pause();
    this.#span.drop();
    this.#wanted = null;
    this.active = false;
    this.state = null;
    this.events = [];
    this.error = null;
    this.ended = false;
    this.kinds = new Set(REPLAY_EVENT_KINDS);
  }
}
