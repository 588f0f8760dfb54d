import type { ExpressionSpecification, LayerSpecification, StyleSpecification } from 'maplibre-gl';

export const FONT = ['Noto Sans Regular'];
export const FONT_BOLD = ['Noto Sans Bold'];

const kind = (k: string): ExpressionSpecification => ['==', ['get', 'kind'], k];
const labelOf = (cls: string): ExpressionSpecification => ['all', kind('label'), ['==', ['get', 'class'], cls]];
const byClass = (access: number, street: number): ExpressionSpecification => ['match', ['get', 'class'], 'access', access, street];
const halo = (color: string, width = 1.5) => ({ 'text-color': color, 'text-halo-color': '#ffffff', 'text-halo-width': width });
const round = { 'line-cap': 'round', 'line-join': 'round' } as const;

const layers: LayerSpecification[] = [
  { id: 'sea', type: 'background', paint: { 'background-color': '#b9d3e6' } },
  { id: 'world-land', type: 'fill', source: 'world', filter: kind('land'), paint: { 'fill-color': '#f2efe9' } },
  { id: 'world-border', type: 'line', source: 'world', filter: kind('border'), paint: { 'line-color': '#9e91a8', 'line-width': 0.8, 'line-dasharray': [3, 2] } },
  { id: 'site', type: 'fill', source: 'campus', filter: kind('site'), paint: { 'fill-color': '#f8f5ee' } },
  { id: 'park', type: 'fill', source: 'campus', filter: kind('park'), paint: { 'fill-color': '#d4e8c2' } },
  { id: 'water', type: 'fill', source: 'campus', filter: kind('water'), paint: { 'fill-color': '#a9cce8', 'fill-outline-color': '#7fa9cf' } },
  { id: 'site-outline', type: 'line', source: 'campus', filter: kind('site'), paint: { 'line-color': '#8c7d63', 'line-width': 1.5, 'line-dasharray': [4, 2] } },
  {
    id: 'road-casing', type: 'line', source: 'campus', filter: kind('road'), layout: round,
    paint: { 'line-color': '#c4bcae', 'line-width': ['interpolate', ['exponential', 2], ['zoom'], 14, byClass(3, 4), 18, byClass(24, 32)] },
  },
  {
    id: 'road', type: 'line', source: 'campus', filter: kind('road'), layout: round,
    paint: {
      'line-color': ['match', ['get', 'class'], 'access', '#fff3c9', '#ffffff'],
      'line-width': ['interpolate', ['exponential', 2], ['zoom'], 14, byClass(2, 3), 18, byClass(20, 28)],
    },
  },
  {
    id: 'path', type: 'line', source: 'campus', filter: kind('path'), layout: round,
    paint: { 'line-color': '#a08c74', 'line-width': ['interpolate', ['linear'], ['zoom'], 15, 1, 18, 3], 'line-dasharray': [2, 1.5] },
  },
  {
    id: 'building', type: 'fill', source: 'campus', filter: kind('building'),
    paint: {
      'fill-color': ['match', ['get', 'area'], 'campus', '#d8cfc6', '#e6e2dc'],
      'fill-outline-color': ['match', ['get', 'area'], 'campus', '#9f9184', '#cfc8bf'],
    },
  },
  {
    id: 'building-outline', type: 'line', source: 'campus', filter: ['all', kind('building'), ['==', ['get', 'area'], 'campus']],
    paint: { 'line-color': '#9f9184', 'line-width': 1 },
  },
  {
    id: 'road-label', type: 'symbol', source: 'campus', filter: kind('road'),
    layout: { 'symbol-placement': 'line', 'text-field': ['get', 'name'], 'text-font': FONT, 'text-size': 12 },
    paint: halo('#5b5348'),
  },
  { id: 'place-label', type: 'symbol', source: 'campus', filter: labelOf('place'), layout: { 'text-field': ['get', 'name'], 'text-font': FONT, 'text-size': 12 }, paint: halo('#4a4a4a') },
  { id: 'building-label', type: 'symbol', source: 'campus', filter: labelOf('building'), layout: { 'text-field': ['get', 'name'], 'text-font': FONT_BOLD, 'text-size': 14 }, paint: halo('#3a3129') },
  {
    id: 'site-label', type: 'symbol', source: 'campus', filter: labelOf('site'),
    layout: { 'text-field': ['get', 'name'], 'text-font': FONT_BOLD, 'text-size': 16, 'text-letter-spacing': 0.05 },
    paint: halo('#6b5a3e', 2),
  },
];

/**
 * The offline basemap: a Natural Earth backdrop and the demo campus, both
 * GeoJSON served by the host beside the app, with glyphs from the same place
 * (see resources/map/README.md). `base` is an absolute URL ending in `/map/`.
 */
export function basemapStyle(base: string): StyleSpecification {
  return {
    version: 8,
    name: 'Watchfloor offline',
    // Built by concatenation: URL() would percent-encode the template's braces.
    glyphs: `${base}glyphs/{fontstack}/{range}.pbf`,
    sources: {
      world: { type: 'geojson', data: `${base}world.geojson`, attribution: 'Natural Earth' },
      campus: { type: 'geojson', data: `${base}campus.geojson`, attribution: 'Watchfloor demo site (fictional)' },
    },
    layers,
  };
}

/** `…/map/` beside the page, whatever host serves it (http for the browser, app:// in Electron). */
export function mapBaseUrl(doc: Pick<Document, 'baseURI'> = document): string {
  return new URL('map/', doc.baseURI).href;
}
