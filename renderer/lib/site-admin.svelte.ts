import { checkGraph, STAGED_CHUNK_BYTES, type GraphNode, type LatLon, type GraphProblem, type SetupProgress, type Site, type SiteInput, type SiteMap } from '../../core/contract/index.js';
import { t } from '../i18n/i18n.svelte.js';
import { base64 } from './base64.js';
import { errorText } from './errors.js';
import type { Client } from './trpc.js';

export type DraftPoint = { u: number; v: number; lat: string; lon: string };

/**
 * The site administrator's screens: a site's fields, its maps, each map's floor plan and how it is
 * placed, and its places and paths as drawn. Every change reloads what core holds; `onSites` tells
 * the app the list of sites changed (the switcher and every view follow).
 */
export class SiteAdmin {
  /** The site being edited (null: a new one is being made). */
  site = $state.raw<Site | null>(null);
  mapId = $state<string | null>(null);
  /** The chosen map's plan as a data URL for <img>, once loaded. */
  planUrl = $state<string | null>(null);
  nodes = $state<GraphNode[]>([]);
  edges = $state<Array<[string, string]>>([]);
  points = $state<DraftPoint[]>([]);
  /** The control point whose place the world map's next click sets (null: none). */
  picking = $state<number | null>(null);
  error = $state<string | null>(null);
  notice = $state<string | null>(null);
  busy = $state(false);
  progress = $state.raw<SetupProgress | null>(null);

  constructor(private readonly client: Client, private readonly onSites: (chosen?: string) => Promise<void>) {}

  readonly map = $derived<SiteMap | null>(this.site?.maps.find((m) => m.id === this.mapId) ?? null);
  /** What is wrong with the drawing now, checked as core will check it. */
  readonly problems = $derived<GraphProblem[]>(this.map ? checkGraph(this.nodes, this.edges, this.map.plan ? this.map.bounds : null) : []);

  reset(): void {
    this.site = null;
    this.mapId = null;
    this.planUrl = null;
    this.nodes = [];
    this.edges = [];
    this.points = [];
    this.picking = null;
    this.error = this.notice = null;
    this.progress = null;
  }

  /** Edits a site (or, with null, starts a new one); its first map is chosen. */
  async open(site: Site | null): Promise<void> {
    this.site = site;
    this.error = this.notice = null;
    await this.chooseMap(site?.maps[0]?.id ?? null);
  }

  async chooseMap(id: string | null): Promise<void> {
    this.mapId = id;
    this.planUrl = null;
    this.nodes = [];
    this.edges = [];
    this.points = [];
    this.picking = null;
    if (!id) return;
    try {
      const [plan, graph] = await Promise.all([this.client.org.planImage.query({ siteMapId: id }), this.client.org.graph.query({ siteMapId: id })]);
      if (this.mapId !== id) return;
      this.planUrl = plan ? `data:${plan.mime};base64,${plan.data}` : null;
      this.nodes = graph.nodes;
      this.edges = graph.edges;
      const placed = this.map?.placement;
      this.points = placed?.by === 'points' ? placed.points.map((p) => ({ u: p.u, v: p.v, lat: String(p.lat), lon: String(p.lon) })) : [];
    } catch (err) {
      this.error = errorText(err);
    }
  }

  /** A spot clicked on the plan becomes a control point; its place on the world map is picked next. */
  addPoint(u: number, v: number): void {
    this.points = [...this.points, { u: Math.round(u * 10) / 10, v: Math.round(v * 10) / 10, lat: '', lon: '' }];
    this.picking = this.points.length - 1;
  }

  removePoint(i: number): void {
    this.points = this.points.filter((_, j) => j !== i);
    this.picking = null;
  }

  /** A click on the world map while picking: that point's latitude and longitude, then the next point still without. */
  picked(at: LatLon): void {
    const i = this.picking;
    if (i === null || !this.points[i]) return;
    this.points[i] = { ...this.points[i], lat: at.lat.toFixed(7), lon: at.lon.toFixed(7) };
    const next = this.points.findIndex((p) => p.lat.trim() === '' || p.lon.trim() === '');
    this.picking = next === -1 ? null : next;
  }

  /** The control points with a place, as numbers (for the map). */
  get placedPoints(): Array<LatLon & { n: number }> {
    return this.points.flatMap((p, i) => {
      const lat = Number(p.lat), lon = Number(p.lon);
      return p.lat.trim() && p.lon.trim() && Math.abs(lat) <= 90 && Math.abs(lon) <= 180 ? [{ lat, lon, n: i + 1 }] : [];
    });
  }

  async loadProgress(siteId: string | null): Promise<void> {
    try {
      this.progress = await this.client.org.setup.query({ siteId });
    } catch (err) {
      this.error = errorText(err);
    }
  }

  /** Reloads the sites and keeps this one (and its map) open. */
  private async refresh(siteId: string, mapId = this.mapId): Promise<void> {
    const sites = await this.client.org.sites.query();
    this.site = sites.find((s) => s.id === siteId) ?? null;
    await this.onSites(siteId);
    if (mapId !== this.mapId || !this.planUrl) await this.chooseMap(mapId);
    await this.loadProgress(siteId);
  }

  private async run(what: () => Promise<void>, done: string): Promise<boolean> {
    this.busy = true;
    this.notice = this.error = null;
    try {
      await what();
      this.notice = done;
      return true;
    } catch (err) {
      this.error = errorText(err);
      return false;
    } finally {
      this.busy = false;
    }
  }

  saveSite(input: SiteInput): Promise<boolean> {
    const s = this.site;
    return this.run(async () => {
      const id = s ? (await this.client.org.updateSite.mutate({ siteId: s.id, ...input }), s.id) : (await this.client.org.createSite.mutate(input)).siteId;
      await this.refresh(id);
    }, t(s ? 'admin.sites.saved' : 'admin.sites.created', { name: input.name }));
  }

  addMap(mapId: string, name: string): Promise<boolean> {
    const s = this.site!;
    return this.run(async () => {
      const { siteMapId } = await this.client.org.createMap.mutate({ siteId: s.id, mapId, name });
      this.mapId = siteMapId;
      await this.refresh(s.id, siteMapId);
    }, t('admin.sites.mapAdded', { name, mapId }));
  }

  /** Sends a file in pieces a browser's connection carries (1 MiB a message at most); its id then names it. */
  private async stage(bytes: Uint8Array): Promise<string> {
    const api = this.client.org;
    const { id } = await api.stageBegin.mutate({ bytes: bytes.length });
    try {
      for (let off = 0; off < bytes.length; off += STAGED_CHUNK_BYTES) {
        await api.stageChunk.mutate({ id, offset: off, data: base64(bytes.subarray(off, off + STAGED_CHUNK_BYTES)) });
      }
    } catch (err) {
      await api.stageCancel.mutate({ id }).catch(() => {});
      throw err;
    }
    return id;
  }

  uploadPlan(file: Uint8Array): Promise<boolean> {
    const s = this.site!, m = this.mapId!;
    return this.run(async () => {
      await this.client.org.uploadPlan.mutate({ siteMapId: m, staged: await this.stage(file) });
      this.planUrl = null;
      await this.refresh(s.id, m);
    }, t('admin.sites.planImported'));
  }

  placeByPoints(): Promise<boolean> {
    const s = this.site!, m = this.mapId!;
    return this.run(async () => {
      const points = this.points.map((p, i) => {
        const lat = Number(p.lat), lon = Number(p.lon);
        if (!p.lat.trim() || !p.lon.trim() || !Number.isFinite(lat) || !Number.isFinite(lon)) throw new Error(t('admin.sites.pointNeedsPlace', { n: i + 1 }));
        return { u: p.u, v: p.v, lat, lon };
      });
      await this.client.org.placePlan.mutate({ siteMapId: m, placement: { by: 'points', points } });
      await this.refresh(s.id, m);
    }, t('admin.sites.planPlaced'));
  }

  placeTyped(typed: { originLat: number; originLon: number; rotationDeg: number; metresPerPixel: number }): Promise<boolean> {
    const s = this.site!, m = this.mapId!;
    return this.run(async () => {
      await this.client.org.placePlan.mutate({ siteMapId: m, placement: { by: 'typed', ...typed } });
      await this.refresh(s.id, m);
    }, t('admin.sites.planPlaced'));
  }

  saveGraph(): Promise<boolean> {
    const s = this.site!, m = this.mapId!;
    return this.run(async () => {
      await this.client.org.saveGraph.mutate({ siteMapId: m, nodes: this.nodes, edges: this.edges });
      await this.refresh(s.id, m);
    }, t('admin.sites.graphSaved', { n: this.nodes.length, e: this.edges.length }));
  }

  async exportText(): Promise<string | null> {
    try {
      return JSON.stringify(await this.client.org.exportSite.query({ siteId: this.site!.id }));
    } catch (err) {
      this.error = errorText(err);
      return null;
    }
  }

  /** Removes the open site (refused, in words, while it has open work); the app's sites reload. */
  removeSite(reason: string): Promise<boolean> {
    const s = this.site!;
    return this.run(async () => {
      await this.client.org.deleteSite.mutate({ siteId: s.id, reason });
      await this.onSites();
      await this.open((await this.client.org.sites.query())[0] ?? null);
    }, t('admin.sites.removed', { name: s.name }));
  }

  importFile(file: Uint8Array): Promise<boolean> {
    return this.run(async () => {
      const { siteId } = await this.client.org.importSite.mutate({ staged: await this.stage(file) });
      await this.refresh(siteId, null);
      await this.chooseMap(this.site?.maps[0]?.id ?? null);
    }, t('admin.sites.imported'));
  }
}
