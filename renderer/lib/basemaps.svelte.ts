import type { StyleSpecification } from 'maplibre-gl';
import { BASEMAP_CHUNK_BYTES, SHIPPED_BASEMAP, type BasemapPack } from '../../core/contract/index.js';
import { packStyle } from '../map/pack-style.js';
import { basemapStyle } from '../map/style.js';
import { basemapInUse } from './basemap-choice.js';
import { base64 } from './base64.js';
import { basemapWords as w } from './basemap-words.js';
import { errorText } from './errors.js';
import { t } from '../i18n/i18n.svelte.js';
import type { Client } from './trpc.js';

type Store = Pick<Storage, 'getItem' | 'setItem'>;

/**
 * The map's basemap: the shipped map or an imported pack, day or night. A user's choice is
 * kept on this machine per user and site; without one, the site's default (set by an admin).
 * Admins import and remove packs here too (Settings → Map packs).
 */
export class BasemapManager {
  packs = $state.raw<BasemapPack[]>([]);
  siteDefaults = $state.raw<Record<string, string>>({});
  /** Bumped when a choice is saved, so what is derived from storage is read again. */
  private saved = $state(0);
  /** A refusal of an action here (Settings → Map packs). */
  error = $state<string | null>(null);
  /** Why the list of packs could not be read, or the site's default not set (shown by the map's chooser). */
  mapError = $state<string | null>(null);
  notice = $state<string | null>(null);
  /** Bytes sent of the file being imported, or null. */
  progress = $state<{ sent: number; total: number; checking: boolean } | null>(null);

  constructor(
    private readonly client: Client,
    private readonly siteId: () => string | null,
    private readonly userId: () => string | null,
    private readonly store: Store = localStorage,
  ) {}

  private key = (what: string) => `watchfloor.basemap.${what}.${this.userId() ?? 'anyone'}${what === 'choice' ? `.${this.siteId() ?? ''}` : ''}`;

  readonly night = $derived.by(() => {
    void this.saved;
    return this.store.getItem(this.key('night')) === '1';
  });
  /** The pack (or `shipped`) the map shows now: the user's choice if it still exists, else the site's default. */
  readonly current = $derived.by(() => {
    void this.saved;
    const site = this.siteId();
    return basemapInUse(this.store.getItem(this.key('choice')), site ? this.siteDefaults[site] : undefined, this.packs);
  });
  readonly siteDefault = $derived.by(() => this.siteDefaults[this.siteId() ?? ''] ?? SHIPPED_BASEMAP);

  /** The style for what is chosen; `base` is the shipped map folder, `tiles` the packs' tile URL. */
  style(base: string, tiles: string): StyleSpecification {
    const pack = this.packs.find((p) => p.id === this.current);
    return pack ? packStyle(pack, base, tiles, this.night) : basemapStyle(base, this.night, t('map.attribution.demoSite'));
  }

  async load(): Promise<void> {
    try {
      const list = await this.client.basemaps.list.query();
      this.packs = list.packs;
      this.siteDefaults = list.siteDefaults;
      this.mapError = null;
    } catch (err) {
      this.mapError = errorText(err);
    }
  }

  choose(id: string): void {
    this.store.setItem(this.key('choice'), id);
    this.saved++;
  }

  setNight(on: boolean): void {
    this.store.setItem(this.key('night'), on ? '1' : '0');
    this.saved++;
  }

  private async act(work: () => Promise<string | null>): Promise<boolean> {
    this.error = null;
    this.notice = null;
    try {
      this.notice = await work();
      await this.load();
      return true;
    } catch (err) {
      this.error = errorText(err);
      return false;
    }
  }

  /** The current basemap becomes the site's default (admins). */
  async useForSite(): Promise<void> {
    const siteId = this.siteId();
    if (!siteId) return;
    try {
      await this.client.basemaps.setSiteDefault.mutate({ siteId, basemap: this.current });
      this.mapError = null;
      await this.load();
    } catch (err) {
      this.mapError = errorText(err);
    }
  }

  remove(pack: BasemapPack): Promise<boolean> {
    return this.act(async () => {
      await this.client.basemaps.remove.mutate({ id: pack.id });
      return w.removed(pack.name);
    });
  }

  /** Sends the file in pieces, then has the console check it; a refusal says why. */
  importFile(file: File, name: string): Promise<boolean> {
    return this.act(async () => {
      const api = this.client.basemaps;
      const { uploadId } = await api.importBegin.mutate({ fileName: file.name, bytes: file.size });
      this.progress = { sent: 0, total: file.size, checking: false };
      try {
        for (let off = 0; off < file.size; off += BASEMAP_CHUNK_BYTES) {
          const piece = new Uint8Array(await file.slice(off, off + BASEMAP_CHUNK_BYTES).arrayBuffer());
          await api.importChunk.mutate({ uploadId, offset: off, data: base64(piece) });
          this.progress = { sent: off + piece.length, total: file.size, checking: false };
        }
        this.progress = { sent: file.size, total: file.size, checking: true };
        const pack = await api.importFinish.mutate({ uploadId, name });
        return w.imported(pack.name);
      } catch (err) {
        await api.importCancel.mutate({ uploadId }).catch(() => {});
        throw err;
      } finally {
        this.progress = null;
      }
    });
  }

  reset(): void {
    this.packs = [];
    this.siteDefaults = {};
    this.error = null;
    this.mapError = null;
    this.notice = null;
    this.progress = null;
  }
}
