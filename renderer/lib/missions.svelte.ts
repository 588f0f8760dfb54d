import type { Candidate, MissionPriority, MissionView, Place, ResidentSummary } from '../../core/contract/index.js';
import { errorText } from './errors.js';
import { attempt, Latest, LiveList, Selection } from './list-detail.svelte.js';
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
  readonly queue = new LiveList<MissionView>();
  readonly selection: Selection<MissionDetail>;
  get missions(): MissionView[] { return this.queue.rows; }
  get error(): string | null { return this.queue.error; }
  get loading(): boolean { return this.queue.loading; }
  get selectedId(): string | null { return this.selection.id; }
  get detail(): MissionDetail | null { return this.selection.detail; }
  get detailError(): string | null { return this.selection.error; }

  /** Follow mode: the map keeps the selected mission's vehicle in view as it drives; a new selection ends it. */
  follow = $state(false);
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
  /** Dropped by reset(), so an answer for a previous user is dropped too. */
  readonly #user = new Latest();

  constructor(private readonly client: Client) {
    this.selection = new Selection((id) => client.missions.get.query({ id }));
  }

  /** `siteMapId`: the floor the map shows (its places are offered; a transport runs on one floor); null: the site's first map. */
  start(siteId: string, canReadResidents: boolean, siteMapId: string | null = null): void {
    this.stop();
    this.#siteId = siteId;
    this.#siteMapId = siteMapId;
    const fresh = this.#user.current();
    this.client.missions.places.query({ siteId, ...(siteMapId ? { siteMapId } : {}) }).then((p) => fresh() && (this.places = p), (err) => (this.queue.error = errorText(err)));
    if (canReadResidents) this.client.missions.residents.query({ siteId }).then((r) => fresh() && (this.residents = r), () => {});
    const sub = this.client.missions.onChanged.subscribe(undefined, {
      onData: ({ ids }) => {
        void this.reload();
        if (this.selectedId && (ids.length === 0 || ids.includes(this.selectedId))) void this.loadDetail();
      },
      onError: (err) => (this.queue.error = errorText(err)),
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
    const siteId = this.#siteId;
    if (!(await this.queue.load(() => this.client.missions.list.query(this.query()))) || !siteId) return;
    // Another console may have switched it; the feed only tells about missions.
    this.client.missions.autoDispatch.query({ siteId }).then((a) => siteId === this.#siteId && (this.autoDispatch = a.autoDispatch), () => {});
  }

  select(id: string | null): void {
    if (!this.selection.set(id)) return;
    this.follow = false;
    this.suggestions = null;
    if (id) this.formOpen = false;
  }

  async loadDetail(): Promise<void> {
    const detail = await this.selection.load();
    // Suggestions to assign are for a waiting mission only.
    if (detail && this.suggestions?.purpose === 'assign' && detail.mission.status !== 'pending') this.suggestions = null;
  }

  /** The selected mission's priority, or while it waits its places, corrected (on its timeline); the error as a sentence, or null. */
  async correct(change: { priority?: MissionPriority; pickupNode?: string; dropoffNode?: string }): Promise<string | null> {
    const m = this.detail?.mission;
    if (!m) return null;
    return attempt(async () => {
      await this.client.cases.correctMission.mutate({ id: m.id, version: m.version, ...change });
      await this.loadDetail();
    });
  }

  /** Ranked vehicles for the selected mission; an error is returned as a sentence. */
  async suggest(purpose: Suggestions['purpose']): Promise<string | null> {
    const missionId = this.selectedId;
    if (!missionId) return null;
    return attempt(async () => {
      const candidates = await this.client.missions.suggest.query({ id: missionId });
      if (missionId === this.selectedId) this.suggestions = { missionId, purpose, at: Date.now(), candidates };
    });
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
    return attempt(async () => (this.autoDispatch = (await this.client.missions.setAutoDispatch.mutate({ siteId, on })).autoDispatch));
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

  /** Runs a change; refreshes what it changed (the feed would too, but the person who acted sees it at once). */
  #try(call: () => Promise<unknown>, clearSuggestions = false): Promise<string | null> {
    return attempt(call, () => {
      if (clearSuggestions) this.suggestions = null;
      void this.reload();
      void this.loadDetail();
    });
  }

  reset(): void {
    this.stop();
    this.#user.drop();
    this.#siteId = null;
    this.places = [];
    this.residents = [];
    this.filter = emptyFilter();
    this.queue.reset();
    this.selection.reset();
    this.follow = false;
    this.suggestions = null;
    this.autoDispatch = null;
    this.formOpen = false;
    this.form = { pickupNode: '', dropoffNode: '', target: 'pickup' };
  }
}
