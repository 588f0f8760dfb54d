import type { Candidate, MissionPriority, MissionView, Place, ResidentSummary } from '../../core/contract/index.js';
import { errorText } from './errors.js';
import { emptyFilter, listQuery, shownMissions, type QueueFilter } from './mission-query.js';
import type { Client } from './trpc.js';

export interface NewTransport {
  residentId: string;
  pickupNode: string;
  dropoffNode: string;
  priority: MissionPriority;
  scheduledAt: string | null;
  notes?: string;
}

/** Which vehicles were suggested, for assigning a pending mission or moving an active one. */
export interface Suggestions {
  missionId: string;
  purpose: 'assign' | 'reassign';
  at: number;
  candidates: Candidate[];
}

type Unsubscribe = () => void;
/** A mission with its timeline (and, from newer cores, its path), as `missions.get` answers. */
export type MissionDetail = Awaited<ReturnType<Client['missions']['get']['query']>>;

/**
 * Wheelchair transport missions: the queue (or history) with its filter, kept live
 * by `missions.onChanged`; the selected mission with its timeline; dispatch actions.
 */
export class MissionsManager {
  places = $state.raw<Place[]>([]);
  residents = $state.raw<ResidentSummary[]>([]);
  filter = $state<QueueFilter>(emptyFilter());
  missions = $state.raw<MissionView[]>([]);
  error = $state<string | null>(null);
  loading = $state(false);

  selectedId = $state<string | null>(null);
  /** Follow mode: the map keeps the selected mission's vehicle in view as it drives; a new selection ends it. */
  follow = $state(false);
  detail = $state.raw<MissionDetail | null>(null);
  detailError = $state<string | null>(null);
  suggestions = $state.raw<Suggestions | null>(null);

  /** The site's auto-dispatch switch (null until known). */
  autoDispatch = $state<boolean | null>(null);

  formOpen = $state(false);
  /** The new transport's places, kept here because a click on the map can set them too. */
  form = $state({ pickupNode: '', dropoffNode: '', target: 'pickup' as 'pickup' | 'dropoff' });

  timeZone = 'UTC';
  #siteId: string | null = null;
  #siteMapId: string | null = null;
  #subscription: Unsubscribe | null = null;
  /** Bumped by reset(), so an answer for a previous user is dropped. */
  #epoch = 0;
  /** Bumped by each reload, so an answer for an older filter is dropped. */
  #generation = 0;

  constructor(private readonly client: Client) {}

  /** `siteMapId`: the floor the map shows (its places are offered; a transport runs on one floor); null: the site's first map. */
  start(siteId: string, canReadResidents: boolean, siteMapId: string | null = null): void {
    this.stop();
    this.#siteId = siteId;
    this.#siteMapId = siteMapId;
    const epoch = this.#epoch;
    this.client.missions.places.query({ siteId, ...(siteMapId ? { siteMapId } : {}) }).then((p) => epoch === this.#epoch && (this.places = p), (err) => (this.error = errorText(err)));
    if (canReadResidents) this.client.missions.residents.query({ siteId }).then((r) => epoch === this.#epoch && (this.residents = r), () => {});
    const sub = this.client.missions.onChanged.subscribe(undefined, {
      onData: ({ ids }) => {
        void this.reload();
        if (this.selectedId && (ids.length === 0 || ids.includes(this.selectedId))) void this.loadDetail();
      },
      onError: (err) => (this.error = errorText(err)),
    });
    this.#subscription = () => sub.unsubscribe();
  }

  stop(): void {
    this.#subscription?.();
    this.#subscription = null;
  }

  query() {
    return listQuery(this.filter, this.#siteId, this.timeZone);
  }

  /** Switches between the active queue and finished missions; a status of the other list no longer applies. */
  setHistory(on: boolean): void {
    this.filter = { ...this.filter, history: on, status: '' };
  }

  /** The rows shown, in core's order. */
  list = $derived(shownMissions(this.missions, this.filter));

  async reload(): Promise<void> {
    const generation = ++this.#generation;
    this.loading = true;
    try {
      const missions = await this.client.missions.list.query(this.query());
      if (generation !== this.#generation) return;
      this.missions = missions;
      this.error = null;
      // Another console may have switched it; the feed only tells about missions.
      if (this.#siteId) this.client.missions.autoDispatch.query({ siteId: this.#siteId }).then((a) => generation === this.#generation && (this.autoDispatch = a.autoDispatch), () => {});
    } catch (err) {
      if (generation === this.#generation) this.error = errorText(err);
    } finally {
      if (generation === this.#generation) this.loading = false;
    }
  }

  select(id: string | null): void {
    if (id === this.selectedId) return;
    this.selectedId = id;
    this.follow = false;
    this.detail = null;
    this.detailError = null;
    this.suggestions = null;
    if (id) {
      this.formOpen = false;
      void this.loadDetail();
    }
  }

  async loadDetail(): Promise<void> {
    const id = this.selectedId;
    if (!id) return;
    try {
      const detail = await this.client.missions.get.query({ id });
      if (id !== this.selectedId) return;
      this.detail = detail;
      this.detailError = null;
      // Suggestions to assign are for a waiting mission only.
      if (this.suggestions?.purpose === 'assign' && detail.mission.status !== 'pending') this.suggestions = null;
    } catch (err) {
      if (id === this.selectedId) this.detailError = errorText(err);
    }
  }

  /** The selected mission's priority, or while it waits its places, corrected (on its timeline); the error as a sentence, or null. */
  async correct(change: { priority?: MissionPriority; pickupNode?: string; dropoffNode?: string }): Promise<string | null> {
    const m = this.detail?.mission;
    if (!m) return null;
    try {
      await this.client.cases.correctMission.mutate({ id: m.id, version: m.version, ...change });
      await this.loadDetail();
      return null;
    } catch (err) {
      return errorText(err);
    }
  }

  /** Ranked vehicles for the selected mission; an error is returned as a sentence. */
  async suggest(purpose: Suggestions['purpose']): Promise<string | null> {
    const missionId = this.selectedId;
    if (!missionId) return null;
    try {
      const candidates = await this.client.missions.suggest.query({ id: missionId });
      if (missionId === this.selectedId) this.suggestions = { missionId, purpose, at: Date.now(), candidates };
      return null;
    } catch (err) {
      return errorText(err);
    }
  }

  assign(vehicleId: string): Promise<string | null> {
    const m = this.detail?.mission;
    if (!m) return Promise.resolve(null);
    return this.#try(() => this.client.missions.assign.mutate({ missionId: m.id, vehicleId, version: m.version }), true);
  }

  reassign(vehicleId: string, reason: string): Promise<string | null> {
    const id = this.selectedId!;
    return this.#try(() => this.client.missions.reassign.mutate({ missionId: id, vehicleId, reason }), true);
  }

  act(action: 'cancel' | 'pause' | 'resume', reason: string): Promise<string | null> {
    const missionId = this.selectedId!;
    return this.#try(() => this.client.missions[action].mutate({ missionId, reason }));
  }

  async setAutoDispatch(on: boolean): Promise<string | null> {
    const siteId = this.#siteId;
    if (!siteId) return null;
    try {
      this.autoDispatch = (await this.client.missions.setAutoDispatch.mutate({ siteId, on })).autoDispatch;
      return null;
    } catch (err) {
      return errorText(err);
    }
  }

  openForm(): void {
    this.select(null);
    this.form = { pickupNode: '', dropoffNode: '', target: 'pickup' };
    this.formOpen = true;
  }

  /** A place clicked on the map fills the field being chosen, then moves on to the drop-off. */
  pickPlace(nodeId: string): void {
    if (!this.formOpen) return;
    if (this.form.target === 'pickup') this.form = { ...this.form, pickupNode: nodeId, target: 'dropoff' };
    else this.form = { ...this.form, dropoffNode: nodeId };
  }

  async create(input: NewTransport): Promise<string | null> {
    let created: MissionView | null = null;
    const floor = this.#siteMapId ? { siteMapId: this.#siteMapId } : {};
    const error = await this.#try(async () => void (created = await this.client.missions.create.mutate({ ...input, ...floor })));
    if (!error && created) {
      this.formOpen = false;
      this.select((created as MissionView).id);
    }
    return error;
  }

  /** Runs a call; refreshes what it changed (the feed would too, but the person who acted sees it at once). */
  async #try(call: () => Promise<unknown>, clearSuggestions = false): Promise<string | null> {
    try {
      await call();
      if (clearSuggestions) this.suggestions = null;
      void this.reload();
      void this.loadDetail();
      return null;
    } catch (err) {
      return errorText(err);
    }
  }

  reset(): void {
    this.stop();
    this.#epoch++;
    this.#generation++;
    this.#siteId = null;
    this.places = [];
    this.residents = [];
    this.filter = emptyFilter();
    this.missions = [];
    this.error = null;
    this.loading = false;
    this.selectedId = null;
    this.follow = false;
    this.detail = null;
    this.detailError = null;
    this.suggestions = null;
    this.autoDispatch = null;
    this.formOpen = false;
    this.form = { pickupNode: '', dropoffNode: '', target: 'pickup' };
  }
}
