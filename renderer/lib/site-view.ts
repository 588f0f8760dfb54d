type Store = Pick<Storage, 'getItem' | 'setItem'>;

/** Where the last site's view is kept on this computer (its origin, or Electron's own storage). */
export const SITE_VIEW_KEY = 'watchfloor.siteView';

/** Where the map was last drawn: a restarted console draws it there before its core answers. */
export interface SiteView {
  lon: number;
  lat: number;
}

const valid = (v: unknown): v is SiteView => {
  const { lon, lat } = (v ?? {}) as Record<string, unknown>;
  return typeof lon === 'number' && typeof lat === 'number' && Math.abs(lon) <= 180 && Math.abs(lat) <= 90;
};

/** The view kept, or null when there is none or what is kept is not one (edited by hand, an older form). */
export function readSiteView(store: Store | undefined): SiteView | null {
  try {
    const v: unknown = JSON.parse(store?.getItem(SITE_VIEW_KEY) ?? 'null');
    return valid(v) ? { lon: v.lon, lat: v.lat } : null;
  } catch {
    return null;
  }
}

/** Keeps the site's centre as the view to draw first next time; only the place, nothing the user may read there. */
export function keepSiteView(store: Store, site: SiteView): void {
  const next = JSON.stringify({ lon: site.lon, lat: site.lat });
  if (store.getItem(SITE_VIEW_KEY) !== next) store.setItem(SITE_VIEW_KEY, next);
}

/**
 * Where the host says to draw the map while its core starts, for a page that kept no view (the demo
 * site on a first demo run): the browser host and Electron's app:// both answer `start-view`; null
 * where it says none or cannot say.
 */
export async function fetchStartView(get: (url: string) => Promise<Response> = fetch): Promise<SiteView | null> {
  try {
    const r = await get('start-view');
    const v: unknown = r.ok ? await r.json() : null;
    return valid(v) ? { lon: v.lon, lat: v.lat } : null;
  } catch {
    return null;
  }
}
