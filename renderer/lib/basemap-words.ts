/** The words of the basemap chooser and Settings → Map packs, from the admin catalog in the operator's language. */
import { num as localNum, t, tDynamic } from '../i18n/i18n.svelte.js';

/** A number as the English text always had it (no thousands separators), in the locale's decimals. */
const num = (n: number, o: Intl.NumberFormatOptions = {}) => localNum(n, { useGrouping: false, ...o });
/** A number with `digits` decimals as toFixed rounds it (the English text always had it so), with the locale's decimal mark. */
const fixed = (v: number, digits: number) => v.toFixed(digits).replace('.', num(0.5).charAt(1));


// Getters: each read asks the catalog, so a template redraws on a language switch.
export const basemapWords = {
  get chooser() { return t('admin.basemap.chooser'); },
  get shipped() { return t('admin.basemap.shipped'); },
  get night() { return t('admin.basemap.night'); },
  get nightHint() { return t('admin.basemap.nightHint'); },
  get useForSite() { return t('admin.basemap.useForSite'); },
  get siteDefault() { return t('admin.basemap.siteDefault'); },
  get title() { return t('admin.basemap.title'); },
  get intro() { return t('admin.basemap.intro'); },
  get file() { return t('admin.basemap.file'); },
  get name() { return t('admin.basemap.name'); },
  get import() { return t('admin.basemap.import'); },
  importing: (done: number, total: number) => t('admin.basemap.importing', { percent: num(Math.floor((100 * done) / Math.max(1, total))) }),
  get checking() { return t('admin.basemap.checking'); },
  imported: (name: string) => t('admin.basemap.imported', { name }),
  get remove() { return t('admin.basemap.remove'); },
  removed: (name: string) => t('admin.basemap.removed', { name }),
  get none() { return t('admin.basemap.none'); },
  size: (bytes: number) =>
    bytes >= 1024 ** 2
      ? `${fixed(bytes / 1024 ** 2, 1)} MB`
      : `${num(Math.max(1, Math.round(bytes / 1024)))} kB`,
  describe: (p: { format: string; kind: string; tileType: string; minzoom: number; maxzoom: number }) =>
    t('admin.basemap.describe', {
      format: p.format === 'mbtiles' ? 'MBTiles' : 'PMTiles',
      kind: tDynamic(`admin.basemap.kind.${p.kind}`, p.kind),
      tileType: p.tileType,
      min: num(p.minzoom),
      max: num(p.maxzoom),
    }),
};
