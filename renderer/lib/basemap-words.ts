/** The words of the basemap chooser and Settings → Map packs. */
export const basemapWords = {
  chooser: 'Basemap',
  shipped: 'Campus & Natural Earth',
  night: 'Night',
  nightHint: 'Dark map for night shifts (this machine only)',
  useForSite: 'Use for this site',
  siteDefault: 'site default',
  title: 'Map packs (offline basemaps)',
  intro: 'Import an MBTiles (raster or vector) or PMTiles file. It is copied into this console\'s data folder and served by the console itself: the map never fetches tiles from the internet.',
  file: 'File',
  name: 'Name',
  import: 'Import',
  importing: (done: number, total: number) => `Uploading… ${Math.floor((100 * done) / Math.max(1, total))} %`,
  checking: 'Checking the file…',
  imported: (name: string) => `"${name}" was imported; choose it in the map's basemap menu.`,
  remove: 'Remove',
  removed: (name: string) => `"${name}" was removed.`,
  none: 'No map pack has been imported.',
  size: (bytes: number) => (bytes >= 1024 ** 2 ? `${(bytes / 1024 ** 2).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} kB`),
  describe: (p: { format: string; kind: string; tileType: string; minzoom: number; maxzoom: number }) =>
    `${p.format === 'mbtiles' ? 'MBTiles' : 'PMTiles'}, ${p.kind} (${p.tileType}), zoom ${p.minzoom}–${p.maxzoom}`,
};
