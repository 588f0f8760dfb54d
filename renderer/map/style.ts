import type { ExpressionSpecification, LayerSpecification, StyleSpecification } from 'maplibre-gl';

export const FONT = ['Noto Sans Regular'];
export const FONT_BOLD = ['Noto Sans Bold'];

const kind = (k: string): ExpressionSpecification => ['==', ['get', 'kind'], k];
const labelOf = (cls: string): ExpressionSpecification => ['all', kind('label'), ['==', ['get', 'class'], cls]];
const byClass = (access: number, street: number): ExpressionSpecification => ['match', ['get', 'class'], 'access', access, street];
const round = { 'line-cap': 'round', 'line-join': 'round' } as const;

/** The colours of the shipped map; the night palette keeps the same drawing, dark, for a control room at night. */
export interface Palette {
  sea: string; land: string; border: string; site: string; park: string; water: string; waterEdge: string; siteEdge: string;
  casing: string; road: string; access: string; path: string; building: string; campusBuilding: string; buildingEdge: string; campusEdge: string;
  roadText: string; placeText: string; buildingText: string; siteText: string; halo: string;
}

export const DAY: Palette = {
  sea: '#b9d3e6', land: '#f2efe9', border: '#9e91a8', site: '#f8f5ee', park: '#d4e8c2', water: '#a9cce8', waterEdge: '#7fa9cf', siteEdge: '#8c7d63',
  casing: '#c4bcae', road: '#ffffff', access: '#fff3c9', path: '#a08c74', building: '#e6e2dc', campusBuilding: '#d8cfc6', buildingEdge: '#cfc8bf', campusEdge: '#9f9184',
  roadText: '#5b5348', placeText: '#4a4a4a', buildingText: '#3a3129', siteText: '#6b5a3e', halo: '#ffffff',
};

export const NIGHT: Palette = {
  sea: '#0a1520', land: '#1a1f26', border: '#5a5068', site: '#20262e', park: '#1c2e22', water: '#13304a', waterEdge: '#24506f', siteEdge: '#7a6c55',
  casing: '#11151a', road: '#3b424c', access: '#4d4630', path: '#6e6252', building: '#2a3038', campusBuilding: '#36404b', buildingEdge: '#232931', campusEdge: '#55606d',
  roadText: '#b8bfc8', placeText: '#c3c9d1', buildingText: '#d8dde3', siteText: '#d9c59e', halo: '#0d1116',
};

/** The Natural Earth backdrop alone: sea, land and borders, under an imported pack. */
export function worldLayers(night: boolean): LayerSpecification[] {
  return layersFor(night ? NIGHT : DAY).filter((l) => l.id === 'sea' || ('source' in l && l.source === 'world'));
}

function layersFor(c: Palette): LayerSpecification[] {
  const halo = (color: string, width = 1.5) => ({ 'text-color': color, 'text-halo-color': c.halo, 'text-halo-width': width });
  return [
    { id: 'sea', type: 'background', paint: { 'background-color': c.sea } },
    { id: 'world-land', type: 'fill', source: 'world', filter: kind('land'), paint: { 'fill-color': c.land } },
    { id: 'world-border', type: 'line', source: 'world', filter: kind('border'), paint: { 'line-color': c.border, 'line-width': 0.8, 'line-dasharray': [3, 2] } },
    { id: 'site', type: 'fill', source: 'campus', filter: kind('site'), paint: { 'fill-color': c.site } },
    { id: 'park', type: 'fill', source: 'campus', filter: kind('park'), paint: { 'fill-color': c.park } },
    { id: 'water', type: 'fill', source: 'campus', filter: kind('water'), paint: { 'fill-color': c.water, 'fill-outline-color': c.waterEdge } },
    { id: 'site-outline', type: 'line', source: 'campus', filter: kind('site'), paint: { 'line-color': c.siteEdge, 'line-width': 1.5, 'line-dasharray': [4, 2] } },
    {
      id: 'road-casing', type: 'line', source: 'campus', filter: kind('road'), layout: round,
      paint: { 'line-color': c.casing, 'line-width': ['interpolate', ['exponential', 2], ['zoom'], 14, byClass(3, 4), 18, byClass(24, 32)] },
    },
    {
      id: 'road', type: 'line', source: 'campus', filter: kind('road'), layout: round,
      paint: {
        'line-color': ['match', ['get', 'class'], 'access', c.access, c.road],
        'line-width': ['interpolate', ['exponential', 2], ['zoom'], 14, byClass(2, 3), 18, byClass(20, 28)],
      },
    },
    {
      id: 'path', type: 'line', source: 'campus', filter: kind('path'), layout: round,
      paint: { 'line-color': c.path, 'line-width': ['interpolate', ['linear'], ['zoom'], 15, 1, 18, 3], 'line-dasharray': [2, 1.5] },
    },
    {
      id: 'building', type: 'fill', source: 'campus', filter: kind('building'),
      paint: {
        'fill-color': ['match', ['get', 'area'], 'campus', c.campusBuilding, c.building],
        'fill-outline-color': ['match', ['get', 'area'], 'campus', c.campusEdge, c.buildingEdge],
      },
    },
    {
      id: 'building-outline', type: 'line', source: 'campus', filter: ['all', kind('building'), ['==', ['get', 'area'], 'campus']],
      paint: { 'line-color': c.campusEdge, 'line-width': 1 },
    },
    {
      id: 'road-label', type: 'symbol', source: 'campus', filter: kind('road'),
      layout: { 'symbol-placement': 'line', 'text-field': ['get', 'name'], 'text-font': FONT, 'text-size': 12 },
      paint: halo(c.roadText),
    },
    { id: 'place-label', type: 'symbol', source: 'campus', filter: labelOf('place'), layout: { 'text-field': ['get', 'name'], 'text-font': FONT, 'text-size': 12 }, paint: halo(c.placeText) },
    { id: 'building-label', type: 'symbol', source: 'campus', filter: labelOf('building'), layout: { 'text-field': ['get', 'name'], 'text-font': FONT_BOLD, 'text-size': 14 }, paint: halo(c.buildingText) },
    {
      id: 'site-label', type: 'symbol', source: 'campus', filter: labelOf('site'),
      layout: { 'text-field': ['get', 'name'], 'text-font': FONT_BOLD, 'text-size': 16, 'text-letter-spacing': 0.05 },
      paint: halo(c.siteText, 2),
    },
  ];
}

/**
 * The offline basemap: a Natural Earth backdrop and the demo campus, both
 * GeoJSON served by the host beside the app, with glyphs from the same place
 * (see resources/map/README.md); `night` draws it in the dark palette. `base` is an absolute URL ending in `/map/`.
 * `demoSite` credits the demo site in the operator's language (`map.attribution.demoSite`): build the
 * style again after a switch. (No words are looked up here, so benches and tests in plain Node can use it.)
 */
export function basemapStyle(base: string, night: boolean, demoSite: string): StyleSpecification {
  return {
    version: 8,
    name: night ? 'Watchfloor offline (night)' : 'Watchfloor offline',
    // Built by concatenation: URL() would percent-encode the template's braces.
    glyphs: `${base}glyphs/{fontstack}/{range}.pbf`,
    sources: {
      world: { type: 'geojson', data: `${base}world.geojson`, attribution: 'Natural Earth' },
      campus: { type: 'geojson', data: `${base}campus.geojson`, attribution: demoSite },
    },
    layers: layersFor(night ? NIGHT : DAY),
  };
}

/** `…/map/` beside the page, whatever host serves it (http for the browser, app:// in Electron). */
export function mapBaseUrl(doc: Pick<Document, 'baseURI'> = document): string {
  return new URL('map/', doc.baseURI).href;
}
