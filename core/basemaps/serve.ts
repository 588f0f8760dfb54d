// The one answer to a tile request, for both hosts: the browser host (core/host/server.ts)
// and Electron's app:// protocol (electron/protocol.ts). Paths are <pack id>/<z>/<x>/<y>.
import { tileMime } from './info.js';
import type { BasemapPacks } from './packs.js';

export interface TileAnswer {
  status: 200 | 204 | 400 | 404 | 500;
  headers: Record<string, string>;
  body: Buffer | null;
}

const TILE_PATH = /^([0-9a-f-]{36})\/(\d{1,2})\/(\d{1,8})\/(\d{1,8})(?:\.[a-z]{3,4})?$/;
const plain = (status: TileAnswer['status'], text: string): TileAnswer => ({ status, headers: { 'Content-Type': 'text/plain; charset=utf-8' }, body: Buffer.from(text) });

/** `path` is what follows /basemaps/. A tile the pack lacks is an empty 204, which the map draws as nothing. */
export async function answerTile(packs: Pick<BasemapPacks, 'tile'>, path: string): Promise<TileAnswer> {
  const m = TILE_PATH.exec(path);
  if (!m) return plain(400, 'A tile is asked for as /basemaps/<pack>/<z>/<x>/<y>.');
  const [z, x, y] = [Number(m[2]), Number(m[3]), Number(m[4])];
  if (z > 30 || x >= 2 ** z || y >= 2 ** z) return plain(400, 'No such tile: x and y must lie within the zoom level.');
  let found;
  try {
    found = await packs.tile(m[1]!, z, x, y);
  } catch (err) {
    return plain(500, `The map pack could not be read: ${(err as Error).message}`);
  }
  if (!found) return plain(404, 'There is no such map pack.');
  // A pack never changes under its id: the browser may keep its tiles.
  const cache = { 'Cache-Control': 'private, max-age=86400', 'X-Content-Type-Options': 'nosniff' };
  if (!found.data) return { status: 204, headers: cache, body: null };
  return { status: 200, headers: { ...cache, 'Content-Type': tileMime(found.type), 'Content-Length': String(found.data.length) }, body: found.data };
}
