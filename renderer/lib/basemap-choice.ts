import { SHIPPED_BASEMAP, type BasemapPack } from '../../core/contract/index.js';

/** The basemap a map shows: the user's choice if it still exists, else the site's default if it does, else the shipped map. */
export function basemapInUse(mine: string | null | undefined, siteDefault: string | null | undefined, packs: Pick<BasemapPack, 'id'>[]): string {
  const exists = (id: string | null | undefined): id is string => !!id && (id === SHIPPED_BASEMAP || packs.some((p) => p.id === id));
  return exists(mine) ? mine : exists(siteDefault) ? siteDefault : SHIPPED_BASEMAP;
}
