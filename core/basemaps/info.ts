// What the console keeps about a pack, read from its own metadata (MBTiles `metadata` table,
// PMTiles header and JSON metadata) and checked against the tile it actually holds.
import { gunzipSync } from 'node:zlib';
import type { BasemapPack } from '../contract/index.js';
import { TilePackError, type MbtilesFile } from '../../db/index.js';
import { PMTILES_TILE_TYPES, type PmtilesFile } from './pmtiles.js';

export type TileType = BasemapPack['tileType'];
type Described = Pick<BasemapPack, 'kind' | 'tileType' | 'minzoom' | 'maxzoom' | 'bounds' | 'center' | 'vectorLayers' | 'attribution'> & { title: string };

const NO_LAYERS = 'The vector pack does not list its layers (vector_layers in its metadata), so the console cannot draw it.';
const WORLD: BasemapPack['bounds'] = [-180, -85.0511, 180, 85.0511];

/** The image or tile format the first bytes say, if any. */
export function sniffTile(data: Buffer): TileType | 'gzip' | null {
  if (data.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'png';
  if (data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff) return 'jpg';
  if (data.subarray(0, 4).toString('latin1') === 'RIFF' && data.subarray(8, 12).toString('latin1') === 'WEBP') return 'webp';
  if (data[0] === 0x1f && data[1] === 0x8b) return 'gzip';
  return null;
}

/** A vector tile as the map wants it: MBTiles stores them gzipped, the map reads plain protobuf. */
export function plainTile(data: Buffer): Buffer {
  return data[0] === 0x1f && data[1] === 0x8b ? gunzipSync(data) : data;
}

const MIME: Record<TileType, string> = { png: 'image/png', jpg: 'image/jpeg', webp: 'image/webp', pbf: 'application/x-protobuf' };
export const tileMime = (t: TileType) => MIME[t];

/** The XYZ tile holding a point at zoom z (web mercator), clamped to the grid. */
export function tileAt(lon: number, lat: number, z: number): { x: number; y: number } {
  const n = 2 ** z;
  const r = (Math.max(-85.0511, Math.min(85.0511, lat)) * Math.PI) / 180;
  const clamp = (v: number) => Math.min(n - 1, Math.max(0, Math.floor(v)));
  return { x: clamp(((lon + 180) / 360) * n), y: clamp(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n) };
}

function numbers(s: string | undefined, count: number): number[] | null {
  const parts = (s ?? '').split(',').map((p) => Number(p.trim()));
  return parts.length === count && parts.every(Number.isFinite) ? parts : null;
}

function layerIds(json: unknown): string[] {
  const layers = (json as { vector_layers?: unknown } | null)?.vector_layers;
  return Array.isArray(layers) ? layers.map((l) => String((l as { id?: unknown }).id ?? '')).filter(Boolean).slice(0, 200) : [];
}

/** A tile's bytes must be what the pack says it holds. */
function checkTile(declared: TileType, data: Buffer | null): void {
  if (!data) return;
  const seen = sniffTile(data);
  if (declared === 'pbf') {
    if (seen === 'png' || seen === 'jpg' || seen === 'webp') throw new TilePackError(`The pack says it holds vector tiles, but its tiles are ${seen.toUpperCase()} images.`);
    try {
      plainTile(data);
    } catch {
      throw new TilePackError('A vector tile of the pack is not valid gzip data: the file is damaged.');
    }
    return;
  }
  if (seen !== declared) throw new TilePackError(`The pack says its tiles are ${declared.toUpperCase()}, but a tile it holds is not (${seen ?? 'unknown data'}).`);
}

export function describeMbtiles(f: MbtilesFile): Described {
  const m = f.metadata;
  const first = f.anyTile();
  if (!first) throw new TilePackError('The MBTiles pack holds no tiles.');
  const sniffed = sniffTile(first.data);
  const format = (m.format ?? '').toLowerCase() || (sniffed === 'gzip' ? 'pbf' : (sniffed ?? ''));
  const known: Record<string, TileType> = { png: 'png', jpg: 'jpg', jpeg: 'jpg', webp: 'webp', pbf: 'pbf', mvt: 'pbf' };
  const tileType = known[format];
  if (!tileType) throw new TilePackError(`The MBTiles pack holds tiles in the format "${format || 'unknown'}"; the console draws png, jpg, webp and pbf (vector) tiles.`);
  checkTile(tileType, first.data);
  let json: unknown = null;
  if (m.json) {
    try {
      json = JSON.parse(m.json);
    } catch {
      throw new TilePackError('The MBTiles metadata "json" entry is not valid JSON.');
    }
  }
  const b = numbers(m.bounds, 4);
  const c = numbers(m.center, 3);
  const minzoom = Number.parseInt(m.minzoom ?? '', 10);
  const maxzoom = Number.parseInt(m.maxzoom ?? '', 10);
  const vectorLayers = layerIds(json);
  if (tileType === 'pbf' && !vectorLayers.length) throw new TilePackError(NO_LAYERS);
  return {
    title: m.name ?? '',
    kind: tileType === 'pbf' ? 'vector' : 'raster',
    tileType,
    minzoom: Number.isFinite(minzoom) ? minzoom : first.z,
    maxzoom: Number.isFinite(maxzoom) ? maxzoom : first.z,
    bounds: b ? (b as BasemapPack['bounds']) : WORLD,
    center: c ? [c[0]!, c[1]!] : null,
    vectorLayers,
    attribution: m.attribution ?? '',
  };
}

export async function describePmtiles(f: PmtilesFile): Promise<Described> {
  const h = f.header;
  const tileType = PMTILES_TILE_TYPES[h.tileType]!;
  const z = Math.max(h.minZoom, Math.min(h.maxZoom, h.centerZoom));
  const { x, y } = tileAt(h.centerLon, h.centerLat, z);
  let tile: Buffer | null;
  try {
    tile = await f.tile(z, x, y);
  } catch (err) {
    throw new TilePackError(`The PMTiles directories or tiles are damaged: ${(err as Error).message}.`);
  }
  checkTile(tileType, tile);
  const vectorLayers = layerIds(f.metadata);
  if (tileType === 'pbf' && !vectorLayers.length) throw new TilePackError(NO_LAYERS);
  return {
    title: typeof f.metadata.name === 'string' ? f.metadata.name : '',
    kind: tileType === 'pbf' ? 'vector' : 'raster',
    tileType,
    minzoom: h.minZoom,
    maxzoom: h.maxZoom,
    bounds: [h.minLon, h.minLat, h.maxLon, h.maxLat],
    center: [h.centerLon, h.centerLat],
    vectorLayers,
    attribution: typeof f.metadata.attribution === 'string' ? f.metadata.attribution : '',
  };
}
