import { LAYER_IDS, LAYER_PERMISSION, type FieldMode, type Site, type SiteMap } from '../../core/contract/index.js';
import { floorsOf } from '../map/floors.js';
import { AlertsManager } from './alerts.svelte.js';
import { AuditManager } from './audit.svelte.js';
import { BasemapManager } from './basemaps.svelte.js';
import { ChainManager } from './chain.svelte.js';
import { CityManager } from './city.svelte.js';
import { FleetManager } from './fleet.svelte.js';
import { IncidentsManager } from './incidents.svelte.js';
import { LayersManager } from './layers.svelte.js';
import { LivenessManager } from './liveness.svelte.js';
import { MissionsManager } from './missions.svelte.js';
import { NavManager } from './nav.svelte.js';
import { PresenceManager } from './presence.svelte.js';
import { ReplayManager } from './replay.svelte.js';
import { ReportsManager } from './reports.svelte.js';
import { SessionManager } from './session.svelte.js';
import { SiteAdmin } from './site-admin.svelte.js';
import { StatusManager } from './status.svelte.js';
import { createClient, type Client, type LinkControl } from './trpc.js';
import { VehicleServiceManager } from './vehicle-service.svelte.js';

/**
 * Everything the console's views share: the client, the session, the managers and the selected
 * site. App.svelte makes one; each view in the registry reads what it needs from it.
 */
export class AppState {
  readonly status = new StatusManager();
  readonly nav = new NavManager();
  readonly session = new SessionManager();
  readonly linkControl: LinkControl = { stop: () => {} };
  readonly client: Client;
  /** The heartbeat: anything live on the page is greyed, with since when, once core stops answering. */
  readonly liveness: LivenessManager;
  readonly chain: ChainManager;
  readonly presence: PresenceManager;
  readonly audit: AuditManager;
  readonly fleet: FleetManager;
  /** The chosen vehicle's commands, episodes and maintenance log (vehicle panel and field view). */
  readonly service: VehicleServiceManager;
  readonly missions: MissionsManager;
  readonly alerts: AlertsManager;
  readonly incidents: IncidentsManager;
  /** The map's case layers and the selected case, shared by the map and the boards. */
  readonly layers = new LayersManager();
  readonly city: CityManager;
  /** The time bar under the map: while active, the map and the left panel show the past, read-only. */
  readonly replay: ReplayManager;
  readonly reports: ReportsManager;
  /** The map's basemap (shipped or an imported pack, day or night) and the packs admins import. */
  readonly basemaps: BasemapManager;
  /** The Sites view's editor: its control points are picked on the map. */
  readonly siteAdmin: SiteAdmin;

  /** The sites this user may see, and the one every view shows. */
  sites = $state.raw<Site[]>([]);
  site = $state.raw<Site | null>(null);
  /** The sites have been read (or could not be) since the page opened: until then the map may show the last site's view. */
  sitesRead = $state(false);
  /** The floor (site map) the map shows: null shows every vehicle and no plan; undefined (not chosen) the site's first floor. */
  floorId = $state<string | null | undefined>(undefined);
  /** Started with --field: the field view opens at sign-in. */
  fieldMode = $state<FieldMode | null>(null);
  /** The width of the main area (the map and its panels), for the panels' padding. */
  mainWidth = $state(0);

  readonly signedIn = $derived(this.session.screen === 'ready');
  readonly userId = $derived(this.session.user?.id ?? null);
  /** The case layers this user may read; the incidents and city views draw them with a legend. */
  readonly caseLayersAllowed = $derived(LAYER_IDS.filter((l) => this.session.can(LAYER_PERMISSION[l])));

  constructor() {
    this.client = createClient(
      (s) => {
        // A reconnected socket is a new connection on the host, without the session.
        if (s === 'open' && this.status.link === 'closed') this.session.reconnected();
        this.status.link = s;
        this.liveness.link(s);
      },
      (message) => void this.session.lost(message),
      (message) => void this.session.streamStopped(message),
      this.linkControl,
    );
    this.liveness = new LivenessManager({
      ping: () => this.client.system.version.query(),
      // In a browser the host can say why it is away; in Electron core is in the same program.
      probe: window.electronTRPC ? null : () => fetch('/', { method: 'HEAD', cache: 'no-store' }).then((r) => r.status, () => 'network-error' as const),
      onRestarted: () => this.linkControl.stop(),
    });
    const client = this.client;
    this.chain = new ChainManager(client);
    this.presence = new PresenceManager(client);
    this.audit = new AuditManager(client);
    this.fleet = new FleetManager(client);
    this.service = new VehicleServiceManager(client);
    this.missions = new MissionsManager(client);
    this.alerts = new AlertsManager(client);
    this.incidents = new IncidentsManager(client);
    this.city = new CityManager(client);
    this.replay = new ReplayManager(client);
    this.reports = new ReportsManager(client);
    this.basemaps = new BasemapManager(client, () => this.site?.id ?? null, () => this.userId);
    this.siteAdmin = new SiteAdmin(client, (chosen) => this.loadSites(chosen));
    this.alerts.onChange = (changed) => this.incidents.changed(changed);
  }

  /** The site's time zone, or this computer's where no site is known yet (a field laptop). */
  get timeZone(): string {
    return this.site?.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  }

  /**
   * Reads the sites this user may see and keeps the selected one if it is still among them; at
   * sign-in, the site the user last chose. `chosen` selects a site (one just made).
   */
  async loadSites(chosen?: string): Promise<void> {
    try {
      const remembered = chosen || this.site ? null : await this.client.org.chosenSite.query().catch(() => null);
      const sites = await this.client.org.sites.query();
      this.sites = sites;
      const want = chosen ?? this.site?.id ?? remembered;
      const site = sites.find((s) => s.id === want) ?? sites[0] ?? null;
      if (site?.id !== this.site?.id) this.floorId = undefined;
      this.site = site;
      if (chosen) void this.client.org.chooseSite.mutate({ siteId: chosen }).catch(() => {});
    } finally {
      // In the same turn as the site: the map drawn early goes on as the site's, not gone in between.
      this.sitesRead = true;
    }
  }

  /** The top bar's switcher: every view follows the site, and the choice is remembered for this user. */
  chooseSite = (siteId: string): void => {
    const site = this.sites.find((s) => s.id === siteId);
    if (!site) return;
    this.site = site;
    this.floorId = undefined;
    void this.client.org.chooseSite.mutate({ siteId }).catch(() => {});
  };

  /** The floor the map shows, when it has a placed plan. */
  get floor(): SiteMap | null {
    const floors = this.site ? floorsOf(this.site.maps) : [];
    return this.floorId === undefined ? (floors[0] ?? null) : (floors.find((m) => m.id === this.floorId) ?? null);
  }

  /** The selected mission's vehicle, ringed on the map while the mission is active. */
  get missionVehicle(): string | null {
    const m = this.missions.detail?.mission;
    return m && m.id === this.missions.selectedId && (m.status === 'assigned' || m.status === 'in_progress') ? m.vehicleId : null;
  }

  /** The alarm in the top bar opens its alert in the inbox. */
  openAlarm = (alertId: string): void => {
    this.nav.go('incidents');
    this.incidents.tab = 'inbox';
    this.alerts.select(alertId);
    this.layers.select({ layer: 'alerts', id: alertId });
  };

  /** Clicking a vehicle on the missions map opens its active mission. */
  selectVehicleMission = (vehicleId: string): void => {
    const m = this.missions.missions.find((x) => x.vehicleId === vehicleId && (x.status === 'assigned' || x.status === 'in_progress'));
    if (m) this.missions.select(m.id);
  };

  /** Clicking a vehicle on another view's map opens it in the live view. */
  openVehicle = (vehicleId: string): void => {
    this.nav.go('live');
    this.fleet.select(vehicleId);
  };

  openQuarantine = (): void => {
    this.nav.go('live');
    this.fleet.openQuarantine();
  };
}
