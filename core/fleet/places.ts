import type { Queryable } from '../../db/index.js';
import type { SiteMap } from '../contract/index.js';
import { listSites } from '../org/sites.js';
import type { KnownPlaces } from './gate.js';

/** Sites and georeferenced maps as ingest needs them: synchronous lookups, reloaded on demand. */
export class Places implements KnownPlaces {
  private sites = new Map<string, string>();
  private maps = new Map<string, SiteMap & { siteId: string }>();
  /** Set in field mode (see KnownPlaces). */
  acceptUnknownMaps = false;

  async load(db: Queryable): Promise<void> {
    const sites = await listSites(db);
    this.sites = new Map(sites.map((s) => [s.slug, s.id]));
    this.maps = new Map(sites.flatMap((s) => s.maps.map((m) => [m.mapId, { ...m, siteId: s.id }] as const)));
  }

  siteBySlug(slug: string): string | undefined {
    return this.sites.get(slug);
  }

  map(mapId: string): (SiteMap & { siteId: string }) | undefined {
    return this.maps.get(mapId);
  }
}
