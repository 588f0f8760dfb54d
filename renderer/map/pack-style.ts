import type { LayerSpecification, StyleSpecification } from 'maplibre-gl';
import type { BasemapPack } from '../../core/contract/index.js';
import { FONT, worldLayers } from './style.js';

/** The source every imported pack is drawn from (one pack at a time); its layers' ids start with `pack:`. */
export const PACK_SOURCE = 'pack';

/** Colours for a vector pack's layers, by the layer's place in its list: the console knows nothing of their meaning. */
const DAY_INK = ['#7a8fa6', '#8aa777', '#b08d6b', '#9b7fb0', '#6fa3a0', '#b07a7a'];
const NIGHT_INK = ['#5d7690', '#58784a', '#8a6b4e', '#74608a', '#4c7c79', '#8a5656'];

function vectorLayers(pack: BasemapPack, night: boolean): LayerSpecification[] {
  const ink = night ? NIGHT_INK : DAY_INK;
  return pack.vectorLayers.flatMap((name, i): LayerSpecification[] => {
    const color = ink[i % ink.length]!;
    const common = { source: PACK_SOURCE, 'source-layer': name };
    return [
      { id: `pack:${name}:fill`, type: 'fill', ...common, filter: ['==', ['geometry-type'], 'Polygon'], paint: { 'fill-color': color, 'fill-opacity': 0.55, 'fill-outline-color': color } },
      { id: `pack:${name}:line`, type: 'line', ...common, filter: ['==', ['geometry-type'], 'LineString'], paint: { 'line-color': color, 'line-width': 1.5 } },
      { id: `pack:${name}:point`, type: 'circle', ...common, filter: ['==', ['geometry-type'], 'Point'], paint: { 'circle-color': color, 'circle-radius': 3 } },
      {
        id: `pack:${name}:label`, type: 'symbol', ...common, filter: ['has', 'name'],
        layout: { 'text-field': ['get', 'name'], 'text-font': FONT, 'text-size': 12 },
        paint: { 'text-color': night ? '#d0d5db' : '#333333', 'text-halo-color': night ? '#0d1116' : '#ffffff', 'text-halo-width': 1.5 },
      },
    ];
  });
}

/**
 * An imported pack over the Natural Earth backdrop. Tiles come from the console (`tiles` is
 * the absolute URL of /basemaps/ beside the page), glyphs from the shipped map folder (`base`):
 * nothing is fetched from anywhere else. At night a raster pack is dimmed, a vector pack inked dark.
 */
export function packStyle(pack: BasemapPack, base: string, tiles: string, night: boolean): StyleSpecification {
  const source = {
    tiles: [`${tiles}${pack.id}/{z}/{x}/{y}`], minzoom: pack.minzoom, maxzoom: pack.maxzoom, bounds: pack.bounds,
    attribution: pack.attribution || pack.name,
  };
  const raster: LayerSpecification = {
    id: 'pack:raster', type: 'raster', source: PACK_SOURCE,
    paint: night ? { 'raster-brightness-max': 0.55, 'raster-saturation': -0.4 } : {},
  };
  return {
    version: 8,
    name: pack.name,
    glyphs: `${base}glyphs/{fontstack}/{range}.pbf`,
    sources: {
      world: { type: 'geojson', data: `${base}world.geojson`, attribution: 'Natural Earth' },
      [PACK_SOURCE]: pack.kind === 'raster' ? { type: 'raster', tileSize: 256, ...source } : { type: 'vector', ...source },
    },
    layers: [...worldLayers(night), ...(pack.kind === 'raster' ? [raster] : vectorLayers(pack, night))],
  };
}

/** `…/basemaps/` beside the page, whatever host serves it. */
export function tilesBaseUrl(doc: Pick<Document, 'baseURI'> = document): string {
  return new URL('basemaps/', doc.baseURI).href;
}
