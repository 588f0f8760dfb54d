import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { basemapStyle, mapBaseUrl } from './style.js';

const mapDir = join(import.meta.dirname, '../../resources/map');

describe('basemap style', () => {
  const style = basemapStyle('http://127.0.0.1:4780/map/', false, 'Watchfloor demo site (fictional)');

  it('keeps the glyph template literal and every URL on the serving host', () => {
    expect(style.glyphs).toBe('http://127.0.0.1:4780/map/glyphs/{fontstack}/{range}.pbf');
    for (const src of Object.values(style.sources)) expect((src as { data: string }).data).toMatch(/^http:\/\/127\.0\.0\.1:4780\/map\//);
  });

  it('uses only sources it declares and font stacks that ship with it', () => {
    for (const layer of style.layers) {
      if ('source' in layer) expect(style.sources).toHaveProperty(layer.source as string);
      const font = layer.type === 'symbol' ? (layer.layout?.['text-font'] as string[] | undefined) : undefined;
      if (font) expect(existsSync(join(mapDir, 'glyphs', font.join(','), '0-255.pbf'))).toBe(true);
    }
  });

  it('draws every kind of feature the campus file holds', () => {
    const campus = JSON.parse(readFileSync(join(mapDir, 'campus.geojson'), 'utf8')) as { features: { properties: { kind: string } }[] };
    const kinds = new Set(campus.features.map((f) => f.properties.kind));
    const drawn = JSON.stringify(style.layers);
    for (const k of kinds) expect(drawn).toContain(`"${k}"`);
  });

  it('finds map data beside the page, for http and app:// alike', () => {
    expect(mapBaseUrl({ baseURI: 'http://127.0.0.1:4780/' })).toBe('http://127.0.0.1:4780/map/');
    expect(mapBaseUrl({ baseURI: 'app://watchfloor/index.html' })).toBe('app://watchfloor/map/');
  });
});
