// Small map packs made for the tests: MBTiles through better-sqlite3 (by the MBTiles 1.3
// spec: metadata and tiles tables, TMS rows), PMTiles v3 written here byte by byte from the
// spec (header, varint directory, Hilbert tile ids), not with the reader's own code.
import { writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import Database from 'better-sqlite3';
import { fromVectorTileJs, type VectorTileLike } from '@maplibre/vt-pbf';
import { PNG } from 'pngjs';

export interface Tile { z: number; x: number; y: number; data: Buffer }

/** A square tile of one colour with a 16 px black border, so both show on the map. */
export function pngTile(rgb: [number, number, number], size = 256): Buffer {
  const png = new PNG({ width: size, height: size });
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const i = (y * size + x) * 4;
      const edge = x < 16 || y < 16 || x >= size - 16 || y >= size - 16;
      png.data[i] = edge ? 0 : rgb[0];
      png.data[i + 1] = edge ? 0 : rgb[1];
      png.data[i + 2] = edge ? 0 : rgb[2];
      png.data[i + 3] = 255;
    }
  }
  return PNG.sync.write(png);
}

/** A vector tile with one layer, "area": a square covering the tile's middle, and one "label" point. */
export function vectorTile(): Buffer {
  const pt = (x: number, y: number) => ({ x, y });
  const feature = (type: 1 | 3, geometry: { x: number; y: number }[][], properties: Record<string, string>) => ({
    type, properties, id: undefined, extent: 4096, loadGeometry: () => geometry as never,
  });
  const layer = (name: string, features: ReturnType<typeof feature>[]) => ({ version: 2, name, extent: 4096, length: features.length, feature: (i: number) => features[i]! });
  const tile: VectorTileLike = {
    layers: {
      area: layer('area', [feature(3, [[pt(512, 512), pt(3584, 512), pt(3584, 3584), pt(512, 3584), pt(512, 512)]], { kind: 'park' })]),
      label: layer('label', [feature(1, [[pt(2048, 2048)]], { name: 'Test square' })]),
    },
  };
  return Buffer.from(fromVectorTileJs(tile));
}

/** The tiles at zooms z0..z1 that hold a point, each made by `make`. */
export function tilesAround(lon: number, lat: number, z0: number, z1: number, make: (z: number) => Buffer): Tile[] {
  const out: Tile[] = [];
  for (let z = z0; z <= z1; z++) {
    const n = 2 ** z;
    const r = (lat * Math.PI) / 180;
    const x = Math.floor(((lon + 180) / 360) * n);
    const y = Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n);
    out.push({ z, x, y, data: make(z) });
  }
  return out;
}

export function writeMbtiles(path: string, metadata: Record<string, string>, tiles: Tile[]): void {
  const db = new Database(path);
  db.exec('CREATE TABLE metadata (name text, value text); CREATE TABLE tiles (zoom_level integer, tile_column integer, tile_row integer, tile_data blob);');
  db.exec('CREATE UNIQUE INDEX tile_index ON tiles (zoom_level, tile_column, tile_row)');
  const meta = db.prepare('INSERT INTO metadata VALUES (?, ?)');
  for (const [k, v] of Object.entries(metadata)) meta.run(k, v);
  const put = db.prepare('INSERT INTO tiles VALUES (?, ?, ?, ?)');
  for (const t of tiles) put.run(t.z, t.x, (1 << t.z) - 1 - t.y, metadata.format === 'pbf' ? gzipSync(t.data) : t.data);
  db.close();
}

/** The spec's tile id: tiles of lower zooms first, then the position on a Hilbert curve. */
export function hilbertTileId(z: number, x: number, y: number): number {
  let acc = 0;
  for (let i = 0; i < z; i++) acc += 4 ** i;
  const n = 2 ** z;
  let d = 0;
  let [tx, ty] = [x, y];
  for (let s = n / 2; s >= 1; s /= 2) {
    const rx = (tx & s) > 0 ? 1 : 0;
    const ry = (ty & s) > 0 ? 1 : 0;
    d += s * s * ((3 * rx) ^ ry);
    if (ry === 0) {
      if (rx === 1) [tx, ty] = [s - 1 - tx, s - 1 - ty];
      [tx, ty] = [ty, tx];
    }
  }
  return acc + d;
}

function varints(values: number[]): Buffer {
  const bytes: number[] = [];
  for (let v of values) {
    while (v >= 0x80) {
      bytes.push((v % 0x80) | 0x80);
      v = Math.floor(v / 0x80);
    }
    bytes.push(v);
  }
  return Buffer.from(bytes);
}

export interface PmtilesOptions {
  tileType: 1 | 2 | 3 | 4; // MVT, PNG, JPEG, WebP
  bounds: [number, number, number, number];
  center: [number, number, number];
  metadata: Record<string, unknown>;
}

/** A clustered PMTiles v3 archive: gzipped root directory and metadata; vector tiles gzipped, images as they are. */
export function writePmtiles(path: string, tiles: Tile[], o: PmtilesOptions): void {
  const tileGzip = o.tileType === 1;
  const sorted = tiles.map((t) => ({ id: hilbertTileId(t.z, t.x, t.y), data: tileGzip ? gzipSync(t.data) : t.data, z: t.z })).sort((a, b) => a.id - b.id);
  const offsets: number[] = [];
  let at = 0;
  for (const t of sorted) {
    offsets.push(at);
    at += t.data.length;
  }
  const dir = gzipSync(Buffer.concat([
    varints([sorted.length]),
    varints(sorted.map((t, i) => t.id - (i ? sorted[i - 1]!.id : 0))),
    varints(sorted.map(() => 1)),
    varints(sorted.map((t) => t.data.length)),
    // 0: directly after the previous tile; otherwise offset + 1.
    varints(offsets.map((off, i) => (i > 0 && off === offsets[i - 1]! + sorted[i - 1]!.data.length ? 0 : off + 1))),
  ]));
  const meta = gzipSync(Buffer.from(JSON.stringify(o.metadata)));
  const data = Buffer.concat(sorted.map((t) => t.data));
  const h = Buffer.alloc(127);
  h.write('PMTiles', 0, 'latin1');
  h.writeUInt8(3, 7);
  const u64 = (pos: number, v: number) => h.writeBigUInt64LE(BigInt(v), pos);
  u64(8, 127); u64(16, dir.length);
  u64(24, 127 + dir.length); u64(32, meta.length);
  u64(40, 127 + dir.length + meta.length); u64(48, 0);
  u64(56, 127 + dir.length + meta.length); u64(64, data.length);
  u64(72, sorted.length); u64(80, sorted.length); u64(88, sorted.length);
  h.writeUInt8(1, 96); // clustered
  h.writeUInt8(2, 97); // internal compression: gzip
  h.writeUInt8(tileGzip ? 2 : 1, 98); // tile compression: gzip, or none
  h.writeUInt8(o.tileType, 99);
  h.writeUInt8(Math.min(...sorted.map((t) => t.z)), 100);
  h.writeUInt8(Math.max(...sorted.map((t) => t.z)), 101);
  const e7 = (v: number) => Math.round(v * 1e7);
  h.writeInt32LE(e7(o.bounds[0]), 102); h.writeInt32LE(e7(o.bounds[1]), 106);
  h.writeInt32LE(e7(o.bounds[2]), 110); h.writeInt32LE(e7(o.bounds[3]), 114);
  h.writeUInt8(o.center[2], 118);
  h.writeInt32LE(e7(o.center[0]), 119); h.writeInt32LE(e7(o.center[1]), 123);
  writeFileSync(path, Buffer.concat([h, dir, meta, data]));
}

/** The procedures an import goes through, as a caller or a client has them. */
export interface BasemapImporter {
  importBegin(i: { fileName: string; bytes: number }): Promise<{ uploadId: string }>;
  importChunk(i: { uploadId: string; offset: number; data: string }): Promise<{ received: number }>;
  importFinish(i: { uploadId: string; name: string }): Promise<{ id: string; name: string }>;
}

/** Imports a file's bytes as the console's import screen does: announced, sent in pieces, then checked. */
export async function importPack(api: BasemapImporter, bytes: Buffer, fileName: string, name: string, piece = 64 * 1024) {
  const { uploadId } = await api.importBegin({ fileName, bytes: bytes.length });
  for (let off = 0; off < bytes.length; off += piece) {
    await api.importChunk({ uploadId, offset: off, data: bytes.subarray(off, off + piece).toString('base64') });
  }
  return api.importFinish({ uploadId, name });
}
