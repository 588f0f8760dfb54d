import type { CaseCorrection, IncidentInput, IncidentStatus, IncidentView, ResourceSuggestion, Visibility } from '../../core/contract/index.js';
import { attempt, LiveList, Selection } from './list-detail.svelte.js';
import type { DrawState } from '../map/draw.js';
import { boardQuery, emptyBoardFilter, parseLatLon, type BoardFilter } from './incident-format.js';
import type { Client } from './trpc.js';

/** An incident with its timeline, source alert and children, as `ops.incident` answers. */
export type IncidentDetail = Awaited<ReturnType<Client['ops']['incident']['query']>>;

export interface Suggestions {
  incidentId: string;
  at: number;
  list: ResourceSuggestion[];
}

/**
 * The incident board with its filter, the selected incident with its timeline and
 * suggested resources, the new incident form's location (a click on the map sets it),
 * and the calls that change incidents. The alerts manager's feed tells it what changed.
 */
export class IncidentsManager {
  tab = $state<'inbox' | 'board'>('inbox');
  filter = $state<BoardFilter>(emptyBoardFilter());
  readonly board = new LiveList<IncidentView>();
  readonly selection: Selection<IncidentDetail>;
  get incidents(): IncidentView[] { return this.board.rows; }
  get error(): string | null { return this.board.error; }
  get loading(): boolean { return this.board.loading; }
  get selectedId(): string | null { return this.selection.id; }
  get detail(): IncidentDetail | null { return this.selection.detail; }
  get detailError(): string | null { return this.selection.error; }

  suggestions = $state.raw<Suggestions | null>(null);

  formOpen = $state(false);
  /** The new incident's location, typed or clicked on the map (as text, as typed). */
  formPlace = $state({ lat: '', lon: '' });

  #siteId: string | null = null;

  constructor(private readonly client: Client) {
    this.selection = new Selection((id) => client.ops.incident.query({ id }));
  }

  get siteId(): string | null {
    return this.#siteId;
  }

  start(siteId: string): void {
    this.#siteId = siteId;
    void this.reload();
  }

  /** The view is gone: the feed no longer reloads the board (start() again when it shows). */
  stop(): void {
    this.#siteId = null;
    this.board.latest.drop();
  }

  /** What the feed said changed: the board reloads, the open incident too when it is among them. */
  changed(c: { alerts: string[]; incidents: string[]; resources: string[] }): void {
    if (!this.#siteId) return;
    if (c.incidents.length || c.resources.length || !c.alerts.length) void this.reload();
    if (this.selectedId && (c.incidents.includes(this.selectedId) || c.resources.length || c.alerts.length)) void this.loadDetail();
  }

  query() {
    return boardQuery(this.filter, this.#siteId);
  }

  async reload(): Promise<void> {
    await this.board.load(() => this.client.ops.incidents.query(this.query()));
  }

  select(id: string | null): void {
    if (!this.selection.set(id)) return;
    this.suggestions = null;
    if (id) this.formOpen = false;
  }

  async loadDetail(): Promise<void> {
    await this.selection.load();
  }

  /** Ranked resources for the selected incident; an error comes back as a sentence. */
  async suggest(): Promise<string | null> {
    const incidentId = this.selectedId;
    if (!incidentId) return null;
    return attempt(async () => {
      const list = await this.client.ops.suggestResources.query({ incidentId });
      if (incidentId === this.selectedId) this.suggestions = { incidentId, at: Date.now(), list };
    });
  }

  async assign(resourceIds: string[]): Promise<string | null> {
    const incidentId = this.selectedId!;
    const error = await this.#try(() => this.client.ops.assignResources.mutate({ incidentId, resourceIds }));
    // The ranking changed with the assignment: asked again, so the rest stay current.
    if (!error) void this.suggest();
    return error;
  }

  release(resourceId: string, reason: string): Promise<string | null> {
    const incidentId = this.selectedId!;
    return this.#try(() => this.client.ops.releaseResource.mutate({ incidentId, resourceId, reason }));
  }

  setStatus(status: IncidentStatus, reason?: string): Promise<string | null> {
    const i = this.detail?.incident;
    if (!i) return Promise.resolve(null);
    return this.#try(() => this.client.ops.setIncidentStatus.mutate({ id: i.id, status, version: i.version, ...(reason ? { reason } : {}) }));
  }

  /** The open incident corrected (priority, title, category, location, agency, parent) from the version shown. */
  correct(change: Omit<CaseCorrection, 'type' | 'id' | 'version'>): Promise<string | null> {
    const i = this.detail?.incident;
    if (!i) return Promise.resolve(null);
    return this.#try(() => this.client.cases.correctIncident.mutate({ ...change, id: i.id, version: i.version }));
  }

  link(linkedId: string, kind: 'related' | 'duplicate' | 'caused_by'): Promise<string | null> {
    const id = this.selectedId!;
    return this.#try(() => this.client.ops.linkIncidents.mutate({ id, linkedId, kind }));
  }

  /** The site's agencies, for choosing the responsible one. */
  agencies = $state.raw<{ id: string; code: string; name: string }[]>([]);
  async loadAgencies(): Promise<void> {
    if (this.#siteId) this.agencies = await this.client.ops.agencies.query({ siteId: this.#siteId }).catch(() => []);
  }

  comment(body: string, visibility: Visibility): Promise<string | null> {
    const caseId = this.selectedId!;
    return this.#try(() => this.client.cases.comment.mutate({ caseType: 'incident', caseId, body, visibility }));
  }

  openForm(): void {
    this.select(null);
    this.formPlace = { lat: '', lon: '' };
    this.formOpen = true;
  }

  /** A click on the map while the form is open sets the new incident's location. */
  pickPoint(lat: number, lon: number): void {
    if (this.formOpen) this.formPlace = { lat: lat.toFixed(6), lon: lon.toFixed(6) };
  }

  /** The form's location as the map's point drawing: typed coordinates show as the point, a click moves it. */
  drawState = $derived.by((): DrawState => {
    const p = parseLatLon(this.formPlace.lat, this.formPlace.lon);
    return { shape: 'point', center: p.ok ? p.value : null, radiusM: null, sizing: false, ring: [], closed: false };
  });

  onDraw(s: DrawState): void {
    if (s.center) this.pickPoint(s.center.lat, s.center.lon);
  }

  create(input: IncidentInput): Promise<string | null> {
    return attempt(async () => this.show(await this.client.ops.createIncident.mutate(input)));
  }

  /** Shows a just created or converted incident on the board, selected. */
  show(incident: IncidentView): void {
    this.formOpen = false;
    this.tab = 'board';
    void this.reload();
    this.select(incident.id);
  }

  #try(call: () => Promise<unknown>): Promise<string | null> {
    return attempt(call, () => {
      void this.reload();
      void this.loadDetail();
    });
  }

  reset(): void {
    this.#siteId = null;
    this.tab = 'inbox';
    this.filter = emptyBoardFilter();
    this.board.reset();
    this.selection.reset();
    this.suggestions = null;
    this.formOpen = false;
    this.formPlace = { lat: '', lon: '' };
  }
}
