// PMTiles v3 (the specification in the protomaps/PMTiles repository, spec/v3/spec.md) through the
// `pmtiles` package and its local-file Source: a File over the archive on disk, read in slices.
import { openAsBlob } from 'node:fs';
import { stat } from 'node:fs/promises';
import { File } from 'node:buffer';
import { FileSource, PMTiles, TileType, type Header } from 'pmtiles';
import { TilePackError } from '../../db/index.js';

export interface PmtilesFile {
  header: Header;
  metadata: Record<string, unknown>;
  /** The tile's bytes, decompressed, or null when the archive has none there. */
  tile(z: number, x: number, y: number): Promise<Buffer | null>;
}

export const PMTILES_TILE_TYPES: Partial<Record<TileType, 'pbf' | 'png' | 'jpg' | 'webp'>> = {
  [TileType.Mvt]: 'pbf',
  [TileType.Png]: 'png',
  [TileType.Jpeg]: 'jpg',
  [TileType.Webp]: 'webp',
};

async function open(path: string): Promise<{ archive: PMTiles; size: number }> {
  const size = (await stat(path)).size;
  // A File made of the on-disk Blob stays on disk: FileSource slices it, nothing is read whole.
  // (Cast: under the renderer's DOM types, Node's Blob and the DOM's differ.)
  const file = new File([(await openAsBlob(path)) as never], path) as unknown as globalThis.File;
  return { archive: new PMTiles(new FileSource(file)), size };
}

function wrap(archive: PMTiles, header: Header, metadata: Record<string, unknown>): PmtilesFile {
  return {
    header,
    metadata,
    async tile(z, x, y) {
      const r = await archive.getZxy(z, x, y);
      return r && r.data.byteLength ? Buffer.from(r.data) : null;
    },
  };
}

/** Every section the header names must lie inside the file: a cut-off download does not. */
function checkSections(h: Header, size: number): void {
  const sections: [string, number, number | undefined][] = [
    ['root directory', h.rootDirectoryOffset, h.rootDirectoryLength],
    ['metadata', h.jsonMetadataOffset, h.jsonMetadataLength],
    ['leaf directories', h.leafDirectoryOffset, h.leafDirectoryLength],
    ['tile data', h.tileDataOffset, h.tileDataLength],
  ];
  for (const [what, offset, length] of sections) {
    const end = offset + (length ?? 0);
    if (end > size) throw new TilePackError(`The PMTiles file is incomplete: its ${what} runs to byte ${end}, but the file has ${size} bytes (was it cut off?).`);
  }
}

/** Checks a candidate archive: header, sections, tile type and metadata; refuses with a `TilePackError`. */
export async function checkPmtiles(path: string): Promise<PmtilesFile> {
  const { archive, size } = await open(path);
  let header: Header;
  try {
    header = await archive.getHeader();
  } catch (err) {
    throw new TilePackError(`The PMTiles header could not be read: ${(err as Error).message}.`);
  }
  checkSections(header, size);
  if (PMTILES_TILE_TYPES[header.tileType] === undefined) {
    throw new TilePackError(`The PMTiles file holds tiles of a type the console does not draw (type ${header.tileType}); it draws PNG, JPEG, WebP and vector (MVT) tiles.`);
  }
  let metadata: Record<string, unknown>;
  try {
    const m = await archive.getMetadata();
    metadata = m && typeof m === 'object' ? (m as Record<string, unknown>) : {};
  } catch (err) {
    throw new TilePackError(`The PMTiles metadata is damaged: ${(err as Error).message}.`);
  }
  return wrap(archive, header, metadata);
}

/** Opens an archive already checked, for serving its tiles. */
export async function openPmtiles(path: string): Promise<PmtilesFile> {
  const { archive } = await open(path);
  const header = await archive.getHeader();
  return wrap(archive, header, {});
}
