import type { IngestStatus, QuarantineEntry, SensorLive, VehicleDetail, VehicleLive } from '../../core/contract/index.js';
import { errorText } from './errors.js';
import { attempt, Latest, LiveList } from './list-detail.svelte.js';
import { applyFeed } from './feed.js';
import { sortVehicles, type Sort, type SortKey } from './fleet-format.js';
import { orderChanged } from './fleet-order.js';
import type { Client } from './trpc.js';

type Unsubscribe = () => void;

/** A random UUID (v4) even where crypto.randomUUID is missing (it needs a secure context). */
function randomId(): string {
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/**
 * The live fleet as core streams it: vehicles and sensors kept by id from one
 * snapshot and then deltas, the ingest counters, and what the live view has open.
 */
export class FleetManager {
  vehicles = $state.raw(new Map<string, VehicleLive>());
  sensors = $state.raw(new Map<string, SensorLive>());
  ingest = $state<IngestStatus | null>(null);
  /** The feed failed (e.g. no permission, or core went away); cleared by the next message. */
  error = $state<string | null>(null);
  sort = $state<Sort>({ key: 'status', dir: 1 });
  /** The list's order by id: sorted again only when a sort key changed, not on every position update. */
  #order = $state.raw<string[]>([]);
  list = $derived(this.#order.map((id) => this.vehicles.get(id)).filter((v) => v !== undefined));
  sensorList = $derived([...this.sensors.values()]);

  selectedId = $state<string | null>(null);
  /** Follow mode: the map keeps the selected vehicle in view as it moves. */
  follow = $state(false);
  selected = $derived(this.selectedId ? (this.vehicles.get(this.selectedId) ?? null) : null);
  /** History of the selected vehicle; refreshed while its panel is open. */
  detail = $state.raw<VehicleDetail | null>(null);
  detailError = $state<string | null>(null);
  /** The vehicle chart's window in minutes; core reads the stored resolution that fits it. */
  chartWindow = $state(30);

  showQuarantine = $state(false);
  readonly quarantineList = new LiveList<QuarantineEntry>();
  get quarantine(): QuarantineEntry[] { return this.quarantineList.rows; }
  get quarantineError(): string | null { return this.quarantineList.error; }
  get quarantineLoading(): boolean { return this.quarantineList.loading; }

  #subscriptions: Unsubscribe[] = [];
  /** Dropped by reset(), so an answer for a previous user is dropped too. */
  readonly #user = new Latest();

  constructor(private readonly client: Client) {}

  /** Subscribes to the vehicle, sensor and ingest feeds; call again after reset() for another user. */
  start(): void {
    this.stop();
    const fail = (err: unknown) => (this.error = errorText(err));
    // The feed is paced by this page: after each message, on the next frame (so not while the page
    // is busy drawing, nor while its tab is hidden), it says how many it has drawn.
    const feedId = randomId();
    let received = 0;
    let ackFrame: number | null = null;
    const ack = () => {
      ackFrame = null;
      this.client.fleet.feedDrawn.query({ feedId, count: received }).catch(() => {});
    };
    const vehicles = this.client.fleet.onVehicles.subscribe({ feedId }, {
      onData: (feed) => {
        received = feed.kind === 'snapshot' ? 1 : received + 1;
        ackFrame ??= requestAnimationFrame(ack);
        const before = this.vehicles;
        this.vehicles = applyFeed(before, feed.kind, feed.vehicles);
        if (feed.kind === 'snapshot' || orderChanged(before, feed.vehicles, this.sort.key)) this.#resort();
        this.error = null;
      },
      onError: fail,
    });
    const sensors = this.client.fleet.onSensors.subscribe(undefined, {
      onData: (feed) => (this.sensors = applyFeed(this.sensors, feed.kind, feed.sensors)),
      onError: fail,
    });
    const ingest = this.client.fleet.onIngest.subscribe(undefined, { onData: (s) => (this.ingest = s), onError: fail });
    this.#subscriptions = [
      () => vehicles.unsubscribe(), () => sensors.unsubscribe(), () => ingest.unsubscribe(), () => ackFrame !== null && cancelAnimationFrame(ackFrame),
    ];
  }

  stop(): void {
    for (const off of this.#subscriptions) off();
    this.#subscriptions = [];
  }

  /** Clicking the sorted column again reverses it. */
  sortBy(key: SortKey): void {
    this.sort = this.sort.key === key ? { key, dir: this.sort.dir === 1 ? -1 : 1 } : { key, dir: 1 };
    this.#resort();
  }

  #resort(): void {
    this.#order = sortVehicles(this.vehicles.values(), this.sort).map((v) => v.id);
  }

  select(id: string | null): void {
    if (id === this.selectedId) return;
    this.selectedId = id;
    if (id === null) this.follow = false;
    this.detail = null;
    this.detailError = null;
  }

  async loadDetail(): Promise<void> {
    const id = this.selectedId;
    if (!id) return;
    const fresh = this.#user.current();
    try {
      const windowMinutes = this.chartWindow;
      const detail = await this.client.fleet.vehicle.query({ id, windowMinutes });
      if (!fresh() || id !== this.selectedId || windowMinutes !== this.chartWindow) return;
      this.detail = detail;
      this.detailError = null;
    } catch (err) {
      if (fresh() && id === this.selectedId) this.detailError = errorText(err);
    }
  }

  /** Another chart window: the detail is loaded again for it. */
  setChartWindow(minutes: number): void {
    this.chartWindow = minutes;
    void this.loadDetail();
  }

  /** Confirms a vehicle that registered itself; the feed brings the change to every console. */
  confirm(id: string, name?: string): Promise<string | null> {
    return attempt(async () => this.#show(await this.client.fleet.confirmVehicle.mutate(name ? { id, name } : { id })));
  }

  /** Rename, maintenance, return to service, decommission (fleet:manage): the changed vehicle is shown at once; the error in words, or null. */
  async upkeep(
    change: { kind: 'rename'; id: string; name: string } | { kind: 'startMaintenance'; id: string; reason: string; openTicket: boolean }
      | { kind: 'returnToService'; id: string; note: string } | { kind: 'decommission'; id: string; reason: string },
  ): Promise<string | null> {
    const { kind, ...input } = change;
    return attempt(async () => this.#show(await (this.client.vehicles[kind].mutate as (i: typeof input) => Promise<VehicleLive>)(input)));
  }

  /** A vehicle just changed by this user, shown before the feed brings it. */
  #show(v: VehicleLive): void {
    const before = this.vehicles;
    this.vehicles = applyFeed(before, 'delta', [v]);
    if (orderChanged(before, [v], this.sort.key)) this.#resort();
  }

  /** Asks the vehicle for its factsheet, then reloads the detail that shows it; the error in words, or null. */
  requestFactsheet(id: string): Promise<string | null> {
    return attempt(async () => {
      await this.client.fleet.requestFactsheet.mutate({ id });
      await this.loadDetail();
    });
  }

  async loadQuarantine(): Promise<void> {
    await this.quarantineList.load(() => this.client.fleet.quarantine.query({ limit: 100 }));
  }

  openQuarantine(): void {
    this.showQuarantine = true;
    void this.loadQuarantine();
  }

  reset(): void {
    this.stop();
    this.#user.drop();
    this.vehicles = new Map();
    this.sensors = new Map();
    this.ingest = null;
    this.error = null;
    this.sort = { key: 'status', dir: 1 };
    this.#order = [];
    this.selectedId = null;
    this.follow = false;
    this.detail = null;
    this.detailError = null;
    this.showQuarantine = false;
    this.quarantineList.reset();
  }
}
