import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BasemapPack } from '../../core/contract/index.js';
import { withOverlays } from './basemap-swap.js';
import { PACK_SOURCE, packStyle, tilesBaseUrl } from './pack-style.js';
import { basemapStyle, DAY, NIGHT } from './style.js';

const pack = (over: Partial<BasemapPack>): BasemapPack => ({
  id: '0190a0b0-0000-7000-8000-000000000001', name: 'Streets', format: 'pmtiles', kind: 'vector', tileType: 'pbf', minzoom: 10, maxzoom: 14,
  bounds: [5.4, 51.4, 5.5, 51.5], center: [5.45, 51.45], vectorLayers: ['roads', 'water'], attribution: '© Test', bytes: 10, fileName: 'x.pmtiles',
  importedAt: '2026-11-30T10:00:00.000Z', importedBy: 'admin@site.test', ...over,
});
const BASE = 'http://127.0.0.1:4780/map/';
const TILES = 'http://127.0.0.1:4780/basemaps/';
const glyphDir = join(import.meta.dirname, '../../resources/map/glyphs');

describe('imported pack styles', () => {
  it('draws a raster pack from the console over the Natural Earth backdrop, within its zooms and bounds', () => {
    const s = packStyle(pack({ kind: 'raster', tileType: 'png' }), BASE, TILES, false);
    expect(s.sources[PACK_SOURCE]).toMatchObject({ type: 'raster', tiles: [`${TILES}0190a0b0-0000-7000-8000-000000000001/{z}/{x}/{y}`], minzoom: 10, maxzoom: 14, bounds: [5.4, 51.4, 5.5, 51.5], attribution: '© Test' });
    expect(s.layers.map((l) => l.id)).toEqual(['sea', 'world-land', 'world-border', 'pack:raster']);
    expect(s.glyphs).toBe(`${BASE}glyphs/{fontstack}/{range}.pbf`);
  });

  it('dims a raster pack at night and paints the backdrop dark', () => {
    const s = packStyle(pack({ kind: 'raster', tileType: 'png' }), BASE, TILES, true);
    expect(s.layers.find((l) => l.id === 'pack:raster')).toMatchObject({ paint: { 'raster-brightness-max': 0.55 } });
    expect(s.layers[0]).toMatchObject({ paint: { 'background-color': NIGHT.sea } });
  });

  it('draws each layer a vector pack declares, with labels in fonts that ship', () => {
    const s = packStyle(pack({}), BASE, TILES, false);
    const layers = s.layers.filter((l) => l.id.startsWith('pack:'));
    expect(layers).toHaveLength(8);
    for (const l of layers) expect(['roads', 'water']).toContain((l as { 'source-layer': string })['source-layer']);
    for (const l of layers.filter((x) => x.type === 'symbol')) {
      const font = (l.layout as { 'text-font': string[] })['text-font'];
      expect(existsSync(join(glyphDir, font.join(','), '0-255.pbf'))).toBe(true);
    }
    expect(JSON.stringify(s)).not.toMatch(/https?:\/\/(?!127\.0\.0\.1:4780\/)/);
  });

  it('finds tiles beside the page, for http and app:// alike', () => {
    expect(tilesBaseUrl({ baseURI: 'app://watchfloor/index.html' })).toBe('app://watchfloor/basemaps/');
  });
});

describe('night style of the shipped map', () => {
  it('has the same layers as the day style, every colour from the night palette', () => {
    const day = basemapStyle(BASE, false, 'demo site');
    const night = basemapStyle(BASE, true, 'demo site');
    expect(night.layers.map((l) => l.id)).toEqual(day.layers.map((l) => l.id));
    const nightJson = JSON.stringify(night.layers);
    for (const colour of Object.values(NIGHT)) expect(nightJson).toContain(colour);
    for (const [k, colour] of Object.entries(DAY)) if (colour !== NIGHT[k as keyof typeof NIGHT]) expect(nightJson).not.toContain(colour);
  });
});

describe('changing the basemap', () => {
  it('swaps the basemap\'s sources and layers and keeps the views\' layers above it, in order', () => {
    const day = basemapStyle(BASE, false, 'demo site');
    const current = {
      ...day,
      sources: { ...day.sources, fleet: { type: 'geojson' as const, data: { type: 'FeatureCollection' as const, features: [] } } },
      layers: [...day.layers, { id: 'fleet-dots', type: 'circle' as const, source: 'fleet' }, { id: 'fleet-labels', type: 'symbol' as const, source: 'fleet' }],
    };
    const next = packStyle(pack({ kind: 'raster', tileType: 'png' }), BASE, TILES, false);
    const out = withOverlays(current, day, next);
    expect(Object.keys(out.sources).sort()).toEqual(['fleet', 'pack', 'world']);
    expect(out.layers.map((l) => l.id)).toEqual(['sea', 'world-land', 'world-border', 'pack:raster', 'fleet-dots', 'fleet-labels']);
    const back = withOverlays(out, next, day);
    expect(back.layers.map((l) => l.id)).toEqual(current.layers.map((l) => l.id));
  });
});
