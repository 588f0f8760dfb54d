import type { IngestStatus, QuarantineEntry, SensorLive, VehicleDetail, VehicleLive } from '../../core/contract/index.js';
import { errorText } from './errors.js';
import { applyFeed } from './feed.js';
import { sortVehicles, type Sort, type SortKey } from './fleet-format.js';
import type { Client } from './trpc.js';

type Unsubscribe = () => void;

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
  list = $derived(sortVehicles(this.vehicles.values(), this.sort));
  sensorList = $derived([...this.sensors.values()]);

  selectedId = $state<string | null>(null);
  selected = $derived(this.selectedId ? (this.vehicles.get(this.selectedId) ?? null) : null);
  /** History of the selected vehicle; refreshed while its panel is open. */
  detail = $state.raw<VehicleDetail | null>(null);
  detailError = $state<string | null>(null);

  showQuarantine = $state(false);
  quarantine = $state.raw<QuarantineEntry[]>([]);
  quarantineError = $state<string | null>(null);
  quarantineLoading = $state(false);

  #subscriptions: Unsubscribe[] = [];
  /** Bumped by reset(), so an answer for a previous user or selection is dropped. */
  #generation = 0;

  constructor(private readonly client: Client) {}

  /** Subscribes to the vehicle, sensor and ingest feeds; call again after reset() for another user. */
  start(): void {
    this.stop();
    const fail = (err: unknown) => (this.error = errorText(err));
    const vehicles = this.client.fleet.onVehicles.subscribe(undefined, {
      onData: (feed) => {
        this.vehicles = applyFeed(this.vehicles, feed.kind, feed.vehicles);
        this.error = null;
      },
      onError: fail,
    });
    const sensors = this.client.fleet.onSensors.subscribe(undefined, {
      onData: (feed) => (this.sensors = applyFeed(this.sensors, feed.kind, feed.sensors)),
      onError: fail,
    });
    const ingest = this.client.fleet.onIngest.subscribe(undefined, { onData: (s) => (this.ingest = s), onError: fail });
    this.#subscriptions = [() => vehicles.unsubscribe(), () => sensors.unsubscribe(), () => ingest.unsubscribe()];
  }

  stop(): void {
    for (const off of this.#subscriptions) off();
    this.#subscriptions = [];
  }

  /** Clicking the sorted column again reverses it. */
  sortBy(key: SortKey): void {
    this.sort = this.sort.key === key ? { key, dir: this.sort.dir === 1 ? -1 : 1 } : { key, dir: 1 };
  }

  select(id: string | null): void {
    if (id === this.selectedId) return;
    this.selectedId = id;
    this.detail = null;
    this.detailError = null;
  }

  async loadDetail(): Promise<void> {
    const id = this.selectedId;
    if (!id) return;
    const generation = this.#generation;
    try {
      const detail = await this.client.fleet.vehicle.query({ id, windowMinutes: 30 });
      if (generation !== this.#generation || id !== this.selectedId) return;
      this.detail = detail;
      this.detailError = null;
    } catch (err) {
      if (generation === this.#generation && id === this.selectedId) this.detailError = errorText(err);
    }
  }

  /** Confirms a vehicle that registered itself; the feed brings the change to every console. */
  async confirm(id: string, name?: string): Promise<string | null> {
    try {
      const v = await this.client.fleet.confirmVehicle.mutate(name ? { id, name } : { id });
      this.vehicles = applyFeed(this.vehicles, 'delta', [v]);
      return null;
    } catch (err) {
      return errorText(err);
    }
  }

  /** Asks the vehicle for its factsheet, then reloads the detail that shows it; the error in words, or null. */
  async requestFactsheet(id: string): Promise<string | null> {
    try {
      await this.client.fleet.requestFactsheet.mutate({ id });
      await this.loadDetail();
      return null;
    } catch (err) {
      return errorText(err);
    }
  }

  async loadQuarantine(): Promise<void> {
    const generation = this.#generation;
    this.quarantineLoading = true;
    try {
      const entries = await this.client.fleet.quarantine.query({ limit: 100 });
      if (generation !== this.#generation) return;
      this.quarantine = entries;
      this.quarantineError = null;
    } catch (err) {
      if (generation === this.#generation) this.quarantineError = errorText(err);
    } finally {
      if (generation === this.#generation) this.quarantineLoading = false;
    }
  }

  openQuarantine(): void {
    this.showQuarantine = true;
    void this.loadQuarantine();
  }

  reset(): void {
    this.stop();
    this.#generation++;
    this.vehicles = new Map();
    this.sensors = new Map();
    this.ingest = null;
    this.error = null;
    this.sort = { key: 'status', dir: 1 };
    this.selectedId = null;
    this.detail = null;
    this.detailError = null;
    this.showQuarantine = false;
    this.quarantine = [];
    this.quarantineError = null;
    this.quarantineLoading = false;
  }
}
