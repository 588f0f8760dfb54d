// Imported map packs' tiles over HTTP from the browser host: behind the token cookie, with their type, empty where the pack has none.
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importPack, pngTile, tilesAround, vectorTile, writeMbtiles, writePmtiles } from '../../tests/basemaps/make-packs.js';
import { createLogger } from '../logger.js';
import { testCore } from '../testing.js';
import { startBrowserHost, type BrowserHost } from './server.js';

describe('browser host: basemap tiles', () => {
  const dir = mkdtempSync(join(tmpdir(), 'wf-host-tiles-'));
  const raster = tilesAround(5.4697, 51.4416, 14, 15, (z) => pngTile([200, z * 10, 40]));
  const vector = tilesAround(5.4697, 51.4416, 14, 14, () => vectorTile());
  let host: BrowserHost;
  let cookie: string;
  let rasterId: string;
  let vectorId: string;
  let close = async () => {};

  beforeAll(async () => {
    mkdirSync(join(dir, 'renderer'));
    mkdirSync(join(dir, 'resources', 'map'), { recursive: true });
    const t = await testCore({ config: { dataDir: join(dir, 'data') } });
    const admin = await t.signedIn(['admin']);
    writeMbtiles(join(dir, 'r.mbtiles'), { name: 'r', format: 'png', minzoom: '14', maxzoom: '15' }, raster);
    rasterId = (await importPack(admin.basemaps, readFileSync(join(dir, 'r.mbtiles')), 'r.mbtiles', 'Raster')).id;
    writePmtiles(join(dir, 'v.pmtiles'), vector, { tileType: 1, bounds: [5.4, 51.4, 5.5, 51.5], center: [5.4697, 51.4416, 14], metadata: { vector_layers: [{ id: 'area' }] } });
    vectorId = (await importPack(admin.basemaps, readFileSync(join(dir, 'v.pmtiles')), 'v.pmtiles', 'Vector')).id;
    host = await startBrowserHost({ core: t.core, logger: createLogger('t', 'error', () => {}), port: 0, rendererDir: join(dir, 'renderer'), resourcesDir: join(dir, 'resources') });
    cookie = (await fetch(host.url, { redirect: 'manual' })).headers.get('set-cookie')!.split(';')[0]!;
    close = async () => {
      await host.close();
      await t.db.close();
    };
  });
  afterAll(() => close());

  const get = (path: string, withCookie = true) => fetch(`http://127.0.0.1:${host.port}${path}`, { headers: withCookie ? { cookie } : {} });

  it('serves a raster tile as the PNG stored, in XYZ order, only with the cookie', async () => {
    const t = raster[1]!;
    const r = await get(`/basemaps/${rasterId}/${t.z}/${t.x}/${t.y}`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await r.arrayBuffer()).equals(t.data)).toBe(true);
    expect((await get(`/basemaps/${rasterId}/${t.z}/${t.x}/${t.y}`, false)).status).toBe(401);
  });

  it('serves a vector tile as plain protobuf', async () => {
    const t = vector[0]!;
    const r = await get(`/basemaps/${vectorId}/${t.z}/${t.x}/${t.y}`);
    expect(r.headers.get('content-type')).toBe('application/x-protobuf');
    expect(r.headers.get('content-encoding')).toBeNull();
    expect(Buffer.from(await r.arrayBuffer()).equals(vectorTile())).toBe(true);
  });

  it('answers 204 where a pack has no tile, 404 for no such pack, 400 for a malformed path', async () => {
    expect((await get(`/basemaps/${rasterId}/15/0/0`)).status).toBe(204);
    expect((await get(`/basemaps/${rasterId}/3/0/0`)).status).toBe(204);
    expect((await get('/basemaps/00000000-0000-4000-8000-000000000000/15/0/0')).status).toBe(404);
    expect((await get(`/basemaps/${rasterId}/15/x/0`)).status).toBe(400);
    expect((await get(`/basemaps/${rasterId}/2/9/0`)).status).toBe(400);
    expect((await get(`/basemaps/..%2F..%2Fsecret.key`)).status).toBe(400);
  });
});
