import type { Component } from 'svelte';
import { t } from '../i18n/i18n.svelte.js';
import type { SetupStep } from '../../core/contract/index.js';
import type { Permission, SensorLive } from '../../core/contract/index.js';
import type { AppState } from '../lib/app.svelte.js';
import type { MapLayers } from '../map/layers.js';
import { startDraw } from '../map/draw.js';
import { routeShape } from '../map/missions.js';
import type { SiteAdmin } from '../lib/site-admin.svelte.js';
import { coveredLeft as cityCovered } from './city/layout.js';
import { coveredLeft as incidentsCovered } from './incidents/layout.js';
import { coveredLeft as liveCovered } from './live/layout.js';
import { coveredLeft as missionsCovered } from './missions/layout.js';

/*
 * The console's views, one entry each. To add a view:
 *   1. write its component under renderer/views/<id>/ (it takes plain props);
 *   2. add an entry below: `load` imports the component (each view is its own chunk, loaded
 *      when first opened), `props` hands it what it needs from the shared AppState,
 *      `permission` hides it from users without it (they see `denied` instead);
 *   3. if it draws on the map, say what in `map` (see MapLayers) and how much of the map its
 *      panels cover in `padding`.
 * The nav bar, the keyboard shortcuts (1–9) and App.svelte read this list; nothing else does.
 */

export interface ViewDef {
  id: string;
  /** The view's title (nav bar, shortcuts), in the current language: read when drawn. */
  label: () => string;
  icon: string;
  /** What the view is for, shown while it loads and to users without its permission. */
  about: () => string;
  /** Users without it see `denied` in place of the view. */
  permission: Permission | null;
  denied?: () => string;
  /** Whether the view needs a site (every view but the field view, which may know none yet). */
  site: boolean;
  /** Whether the view is about the map in front: it gets the time bar (replay). */
  timeBar: boolean;
  load: () => Promise<{ default: Component<any> }>;
  props: (app: AppState) => Record<string, unknown>;
  /** What it draws on the map (the map behind is bare when absent). */
  map?: (app: AppState) => MapLayers;
  /** Pixels of the map's left covered by its panels. */
  padding?: (app: AppState) => number;
}

const site = (app: AppState) => app.site!;
/** Where each first-run step is done: staff and residents in their own views where this console has them. */
const SETUP_VIEW: Record<SetupStep, string[]> = { site: ['sites'], map: ['sites'], places: ['sites'], staff: ['staff', 'settings'], residents: ['residents'] };
const setupView = (step: SetupStep): ViewId | null => (SETUP_VIEW[step].find((id) => VIEWS.some((v) => v.id === id)) as ViewId | undefined) ?? null;
/** Panels over most of the map (tables, forms): a selection is brought into the rest. */
const wide = (app: AppState) => Math.min(app.mainWidth * 0.64, 1100) + 24;
/** One empty list of sensors: a new one each time the layers are worked out would be sent to the map each time. */
const NO_SENSORS: SensorLive[] = [];
/** The fleet on a map of another view: the incidents and city maps show where the robots are too. */
const fleetElsewhere = (app: AppState): MapLayers['fleet'] =>
  app.session.can('fleet:read') ? { vehicles: app.fleet.list, sensors: NO_SENSORS, selectedId: null, onSelect: app.openVehicle, follow: false } : null;
const cases = (app: AppState): MapLayers['cases'] =>
  app.caseLayersAllowed.length > 0 ? { client: app.client, siteId: site(app).id, layers: app.layers, allowed: app.caseLayersAllowed } : null;

/** A plan's control points on the world map; while one is being picked, the map's next click places it. */
function controlPointsLayers(a: SiteAdmin): MapLayers {
  const points = a.placedPoints.map((p) => ({ id: `cp-${p.n}`, lat: p.lat, lon: p.lon, label: String(p.n) }));
  if (a.picking === null) return { points };
  const current = a.placedPoints.find((p) => p.n === a.picking! + 1);
  const state = { ...startDraw('point'), center: current ? { lat: current.lat, lon: current.lon } : null };
  return { points, draw: { state, bad: false, locked: false, onChange: (s) => s.center && a.picked(s.center) } };
}

export const VIEWS = [
  {
    id: 'live', label: () => t('shell.views.live.label'), icon: '◉',
    about: () => t('shell.views.live.about'),
    permission: 'fleet:read', denied: () => t('shell.views.live.denied'),
    site: true, timeBar: true,
    load: () => import('./live/LiveView.svelte'),
    props: (app) => ({ fleet: app.fleet, session: app.session, service: app.service, timeZone: app.timeZone, places: app.missions.places, missions: app.missions.missions }),
    map: (app) => ({
      fleet: { vehicles: app.fleet.list, sensors: app.fleet.sensorList, selectedId: app.fleet.selectedId, onSelect: (id: string) => app.fleet.select(id), track: app.fleet.follow },
    }),
    padding: (app) => liveCovered(app.fleet.selectedId !== null),
  },
  {
    id: 'field', label: () => t('shell.views.field.label'), icon: '⚒',
    about: () => t('shell.views.field.about'),
    permission: 'fleet:read', denied: () => t('shell.views.field.denied'),
    site: false, timeBar: false,
    load: () => import('./field/FieldView.svelte'),
    props: (app) => ({
      fleet: app.fleet, service: app.service, session: app.session, mode: app.fieldMode,
      brokerUrl: app.status.status?.broker?.url ?? null, timeZone: app.timeZone,
    }),
  },
  {
    id: 'missions', label: () => t('shell.views.missions.label'), icon: '⇄',
    about: () => t('shell.views.missions.about'),
    permission: 'missions:read', denied: () => t('shell.views.missions.denied'),
    site: true, timeBar: true,
    load: () => import('./missions/MissionsView.svelte'),
    props: (app) => ({ missions: app.missions, vehicles: app.fleet.vehicles, session: app.session, timeZone: app.timeZone }),
    map: (app) => {
      const m = app.missions;
      const vehicle = app.missionVehicle;
      return {
        fleet: app.session.can('fleet:read') ? { vehicles: app.fleet.list, sensors: NO_SENSORS, selectedId: vehicle, onSelect: app.selectVehicleMission, follow: false, track: app.missions.follow } : null,
        missions: {
          places: m.formOpen ? m.places : [],
          chosen: m.form,
          onPlace: (id: string) => m.pickPlace(id),
          route: m.formOpen ? null : routeShape(m.detail?.mission.id === m.selectedId ? m.detail : null, m.places, vehicle ? app.fleet.vehicles.get(vehicle) : undefined),
        },
      };
    },
    padding: (app) => missionsCovered(app.missions.formOpen || app.missions.selectedId !== null),
  },
  {
    id: 'incidents', label: () => t('shell.views.incidents.label'), icon: '⚠',
    about: () => t('shell.views.incidents.about'),
    permission: 'incidents:read', denied: () => t('shell.views.incidents.denied'),
    site: true, timeBar: true,
    load: () => import('./incidents/IncidentsView.svelte'),
    props: (app) => ({ alerts: app.alerts, incidents: app.incidents, layers: app.layers, session: app.session, siteId: site(app).id, timeZone: app.timeZone }),
    map: (app) => ({
      fleet: fleetElsewhere(app),
      cases: cases(app),
      draw: app.incidents.formOpen ? { state: app.incidents.drawState, bad: false, locked: false, onChange: (s) => app.incidents.onDraw(s) } : null,
    }),
    padding: (app) => incidentsCovered(app.incidents.formOpen || (app.incidents.tab === 'board' && app.incidents.selectedId !== null)),
  },
  {
    id: 'city', label: () => t('shell.views.city.label'), icon: '▦',
    about: () => t('shell.views.city.about'),
    permission: 'city:read', denied: () => t('shell.views.city.denied'),
    site: true, timeBar: true,
    load: () => import('./city/CityView.svelte'),
    props: (app) => ({ city: app.city, layers: app.layers, session: app.session, timeZone: app.timeZone, siteSlug: site(app).slug }),
    map: (app) => ({
      fleet: fleetElsewhere(app),
      cases: cases(app),
      draw: app.city.draw ? { state: app.city.draw, bad: app.city.drawBad, locked: app.city.drawLocked, onChange: (s) => (app.city.draw = s) } : null,
    }),
    padding: (app) => cityCovered(app.city.panel !== null),
  },
  {
    id: 'audit', label: () => t('shell.views.audit.label'), icon: '☰',
    about: () => t('shell.views.audit.about'),
    permission: 'audit:read', denied: () => t('shell.views.audit.denied'),
    site: true, timeBar: true,
    load: () => import('./audit/AuditView.svelte'),
    props: (app) => ({ audit: app.audit, chain: app.chain, session: app.session, timeZone: app.timeZone }),
    map: (app) => ({ points: app.audit.points, selectedId: app.audit.selectedSeq, onSelect: (id) => (app.audit.selectedSeq = Number(id)) }),
    padding: wide,
  },
  {
    id: 'reports', label: () => t('shell.views.reports.label'), icon: '▤',
    about: () => t('shell.views.reports.about'),
    permission: null,
    site: true, timeBar: false,
    load: () => import('./reports/ReportsView.svelte'),
    props: (app) => ({
      reports: app.reports, session: app.session, client: app.client, siteId: site(app).id, timeZone: app.timeZone,
      vehicles: app.session.can('fleet:read') ? app.fleet.list : [],
    }),
    padding: wide,
  },
  {
    id: 'residents', label: () => t('shell.views.residents.label'), icon: '☺',
    about: () => t('shell.views.residents.about'),
    permission: 'residents:read', denied: () => t('shell.views.residents.denied'),
    site: true, timeBar: false,
    load: () => import('./residents/ResidentsView.svelte'),
    props: (app) => ({ client: app.client, session: app.session, siteId: site(app).id, timeZone: app.timeZone }),
    padding: wide,
  },
  {
    id: 'staff', label: () => t('shell.views.staff.label'), icon: '☷',
    about: () => t('shell.views.staff.about'),
    permission: 'incidents:read', denied: () => t('shell.views.staff.denied'),
    site: true, timeBar: false,
    load: () => import('./staff/StaffView.svelte'),
    props: (app) => ({ client: app.client, session: app.session, siteId: site(app).id }),
    padding: wide,
  },
  {
    id: 'settings', label: () => t('shell.views.settings.label'), icon: '⚙',
    about: () => t('shell.views.settings.about'),
    permission: null,
    site: true, timeBar: false,
    load: () => import('./settings/SettingsView.svelte'),
    props: (app) => ({ session: app.session, client: app.client, timeZone: app.timeZone, broker: app.status.status?.broker ?? null, siteId: site(app).id, basemaps: app.basemaps }),
    padding: wide,
  },
  {
    id: 'sites', label: () => t('shell.views.sites.label'), icon: '⌂',
    about: () => t('shell.views.sites.about'),
    permission: 'org:manage', denied: () => t('shell.views.sites.denied'),
    // No site needed: this is where the first one is made.
    site: false, timeBar: false,
    load: () => import('./sites/SitesView.svelte'),
    props: (app) => ({ client: app.client, admin: app.siteAdmin, sites: app.sites, site: app.site, manage: app.session.can('org:manage') }),
    map: (app) => controlPointsLayers(app.siteAdmin),
    padding: wide,
  },
  {
    id: 'setup', label: () => t('shell.views.setup.label'), icon: '✚',
    about: () => t('shell.views.setup.about'),
    permission: 'org:manage', denied: () => t('shell.views.setup.denied'),
    site: false, timeBar: false,
    load: () => import('./setup/SetupView.svelte'),
    props: (app) => ({
      client: app.client, siteId: app.site?.id ?? null,
      onOpen: (step: SetupStep) => { const v = setupView(step); if (v) app.nav.go(v); },
      onLeave: () => app.nav.go('live'),
      canOpen: (step: SetupStep) => { const v = setupView(step); return v !== null && ((p) => p === null || app.session.can(p))(viewDef(v).permission); },
    }),
  },
] as const satisfies readonly ViewDef[];

export type ViewId = (typeof VIEWS)[number]['id'];

export const viewDef = (id: ViewId): ViewDef => VIEWS.find((v) => v.id === id)!;
