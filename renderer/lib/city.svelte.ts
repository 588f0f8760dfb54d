import type {
  AnnouncementView, AssetView, CaseEvent, ReportView, RequestView, ServiceView, TicketView, Visibility,
} from '../../core/contract/index.js';
import { drawFromArea, startDraw, type DrawState } from '../map/draw.js';
import type { CityTab } from './city-format.js';
import { emptyBoardFilter, reportQuery, requestQuery, ticketQuery, type BoardFilter } from './city-query.js';
import { errorText } from './errors.js';
import { attempt, Latest } from './list-detail.svelte.js';
import type { Client } from './trpc.js';

export type CityDetail =
  | { tab: 'requests'; id: string; request: RequestView; timeline: CaseEvent[] }
  | { tab: 'reports'; id: string; report: ReportView; timeline: CaseEvent[] }
  | { tab: 'tickets'; id: string; ticket: TicketView; timeline: CaseEvent[] };

/** What the panel beside the board shows. */
export type CityPanel = 'detail' | 'new-request' | 'new-report' | 'new-ticket' | 'announcement' | 'open311' | 'asset';

const emptyFilters = (): Record<CityTab, BoardFilter> => ({
  requests: emptyBoardFilter(), reports: emptyBoardFilter(), tickets: emptyBoardFilter(), announcements: emptyBoardFilter(), assets: emptyBoardFilter(),
});
type Unsubscribe = () => void;

/**
 * The city view's boards (requests, reports, tickets, announcements, assets) with their
 * filters, kept live by `city.onChanged`; the selected case with its timeline; and the
 * area being drawn on the map by a form or the announcement editor.
 */
export class CityManager {
  tab = $state<CityTab>('requests');
  filters = $state(emptyFilters());
  services = $state.raw<ServiceView[]>([]);
  requests = $state.raw<RequestView[]>([]);
  reports = $state.raw<ReportView[]>([]);
  tickets = $state.raw<TicketView[]>([]);
  announcements = $state.raw<AnnouncementView[]>([]);
  assets = $state.raw<AssetView[]>([]);
  error = $state<string | null>(null);
  loading = $state(false);

  selectedId = $state<string | null>(null);
  detail = $state.raw<CityDetail | null>(null);
  detailError = $state<string | null>(null);
  panel = $state<CityPanel | null>(null);
  /** The announcement opened in the editor (null: a new one). */
  editing = $state.raw<AnnouncementView | null>(null);

  /** The area (or location) being drawn on the map, and whether it is refused. */
  draw = $state.raw<DrawState | null>(null);
  drawBad = $state(false);
  /** A saved announcement's area: shown, not edited. */
  drawLocked = $state(false);

  siteId: string | null = null;
  canTickets = false;
  #subscriptions: Unsubscribe[] = [];
  readonly #user = new Latest();
  /** Each board's newest read: an answer for an older filter is dropped. */
  readonly #latest: Record<CityTab, Latest> = { requests: new Latest(), reports: new Latest(), tickets: new Latest(), announcements: new Latest(), assets: new Latest() };

  constructor(readonly client: Client) {}

  start(siteId: string, canTickets: boolean): void {
    this.stop();
    this.siteId = siteId;
    this.canTickets = canTickets;
    const fresh = this.#user.current();
    this.client.city.services.query({ siteId }).then((s) => fresh() && (this.services = s), (err) => (this.error = errorText(err)));
    const sub = this.client.city.onChanged.subscribe(undefined, {
      onData: (c) => {
        if (c.requests.length) void this.reload('requests');
        if (c.reports.length) void this.reload('reports');
        if (c.announcements.length) void this.reload('announcements');
        if (c.assets.length) void this.reload('assets');
        const all = [...c.requests, ...c.reports];
        if (this.detail && (all.length === 0 || all.includes(this.detail.id))) void this.loadDetail();
      },
      onError: (err) => (this.error = errorText(err)),
    });
    this.#subscriptions.push(() => sub.unsubscribe());
    void this.reload();
    if (!canTickets) return;
    const tickets = this.client.tickets.onChanged.subscribe(undefined, {
      onData: ({ ids }) => {
        void this.reload('tickets');
        if (this.detail?.tab === 'tickets' && (ids.length === 0 || ids.includes(this.detail.id))) void this.loadDetail();
      },
      onError: (err) => (this.error = errorText(err)),
    });
    this.#subscriptions.push(() => tickets.unsubscribe());
  }

  stop(): void {
    for (const u of this.#subscriptions) u();
    this.#subscriptions = [];
  }

  setTab(tab: CityTab): void {
    if (tab === this.tab) return;
    this.tab = tab;
    this.select(null);
  }

  /** Loads a board with its filter; an answer for an older filter is dropped. */
  async reload(tab: CityTab = this.tab): Promise<void> {
    const siteId = this.siteId;
    if (!siteId || (tab === 'tickets' && !this.canTickets)) return;
    const fresh = this.#latest[tab].next();
    const f = this.filters[tab];
    this.loading = true;
    try {
      if (tab === 'requests') {
        const rows = await this.client.city.requests.query(requestQuery(f, siteId));
        if (fresh()) this.requests = rows;
      } else if (tab === 'reports') {
        const rows = await this.client.city.reports.query(reportQuery(f, siteId));
        if (fresh()) this.reports = rows;
      } else if (tab === 'tickets') {
        const rows = await this.client.tickets.list.query(ticketQuery(f, siteId));
        if (fresh()) this.tickets = rows;
      } else if (tab === 'announcements') {
        const rows = await this.client.city.announcements.query({ siteId });
        if (fresh()) this.announcements = rows;
      } else {
        const rows = await this.client.city.assets.query({ siteId });
        if (fresh()) this.assets = rows;
      }
      if (fresh()) this.error = null;
    } catch (err) {
      if (fresh()) this.error = errorText(err);
    } finally {
      if (fresh()) this.loading = false;
    }
  }

  /** Selects a row of the current board (or of another, switching to it). */
  select(id: string | null, tab: CityTab = this.tab): void {
    if (tab !== this.tab) this.tab = tab;
    if (id === this.selectedId && (id === null || this.panel === 'detail' || this.panel === 'announcement' || this.panel === 'asset')) return;
    this.selectedId = id;
    this.detail = null;
    this.detailError = null;
    this.editing = null;
    if (!id) {
      if (this.panel === 'detail' || this.panel === 'announcement' || this.panel === 'asset') this.close();
      return;
    }
    this.#setDraw(null);
    if (tab === 'announcements') {
      this.editing = this.announcements.find((a) => a.id === id) ?? null;
      this.panel = this.editing ? 'announcement' : null;
      if (this.editing) this.#setDraw(drawFromArea(this.editing.area), true);
    } else if (tab === 'assets') {
      // An asset opens in its panel, its place on the map movable by a click.
      this.asset = this.assets.find((a) => a.id === id) ?? null;
      this.panel = this.asset ? 'asset' : null;
      if (this.asset) this.#setDraw({ ...startDraw('point'), center: { lat: this.asset.lat, lon: this.asset.lon } });
    } else {
      this.panel = 'detail';
      void this.loadDetail();
    }
  }

  async loadDetail(): Promise<void> {
    const id = this.selectedId, tab = this.tab;
    if (!id || this.panel !== 'detail') return;
    try {
      let d: CityDetail | null = null;
      if (tab === 'requests') d = { tab, id, ...(await this.client.city.request.query({ id })) };
      else if (tab === 'reports') d = { tab, id, ...(await this.client.city.report.query({ id })) };
      else if (tab === 'tickets') d = { tab, id, ...(await this.client.tickets.get.query({ id })) };
      if (id === this.selectedId && tab === this.tab) {
        this.detail = d;
        this.detailError = null;
      }
    } catch (err) {
      if (id === this.selectedId) this.detailError = errorText(err);
    }
  }

  open(panel: Exclude<CityPanel, 'detail'>): void {
    this.selectedId = null;
    this.detail = null;
    this.editing = null;
    this.revising = null;
    this.panel = panel;
    // A new case is placed with one click; an announcement's area starts as a polygon.
    this.asset = null;
    this.#setDraw(panel === 'new-request' || panel === 'new-report' || panel === 'asset' ? startDraw('point') : panel === 'announcement' ? startDraw('polygon') : null);
  }

  #setDraw(draw: DrawState | null, locked = false): void {
    this.draw = draw;
    this.drawLocked = locked;
    this.drawBad = false;
  }

  /** Picks a point on the map for the selected request (one imported with an address only), or stops. */
  pickPoint(on: boolean): void {
    this.#setDraw(on ? startDraw('point') : null);
  }

  close(): void {
    this.panel = null;
    this.selectedId = null;
    this.detail = null;
    this.editing = null;
    this.revising = null;
    this.#setDraw(null);
  }

  /** The asset open in its panel (null with the panel open: a new one). */
  asset = $state.raw<AssetView | null>(null);

  /** A saved announcement opened in the editor, its area editable on the map (null: a new one). */
  revising = $state.raw<AnnouncementView | null>(null);

  /** Opens a saved announcement in the editor to change it. */
  revise(a: AnnouncementView): void {
    this.editing = null;
    this.revising = a;
    this.panel = 'announcement';
    this.#setDraw(drawFromArea(a.area));
  }

  /** Shows an announcement just saved (the board's list may not have it yet). */
  showAnnouncement(a: AnnouncementView): void {
    this.tab = 'announcements';
    this.selectedId = a.id;
    this.editing = a;
    this.revising = null;
    this.panel = 'announcement';
    this.#setDraw(drawFromArea(a.area), true);
    void this.reload('announcements');
  }

  /** Runs a change; refreshes the board and the detail (the feed would, but the person who acted sees it at once). */
  act(call: () => Promise<unknown>): Promise<string | null> {
    return attempt(call, () => {
      void this.reload();
      void this.loadDetail();
    });
  }

  comment(body: string, visibility: Visibility): Promise<string | null> {
    const d = this.detail;
    if (!d) return Promise.resolve(null);
    const caseType = d.tab === 'requests' ? 'service_request' : d.tab === 'reports' ? 'report' : 'ticket';
    return this.act(() => this.client.cases.comment.mutate({ caseType, caseId: d.id, body, visibility }));
  }

  /** After a create: the new case selected on its board. */
  created(tab: CityTab, id: string): void {
    this.#setDraw(null);
    this.panel = null;
    this.tab = tab;
    void this.reload(tab);
    this.select(id, tab);
  }

  reset(): void {
    this.stop();
    this.#user.drop();
    for (const latest of Object.values(this.#latest)) latest.drop();
    this.siteId = null;
    this.tab = 'requests';
    this.filters = emptyFilters();
    this.services = [];
    this.requests = [];
    this.reports = [];
    this.tickets = [];
    this.announcements = [];
    this.assets = [];
    this.error = null;
    this.loading = false;
    this.close();
    this.detailError = null;
  }
}
