// The app:// handler against fakes: files go to the file reader, tiles to core's answer, and nothing escapes the folders.
import { describe, expect, it } from 'vitest';
import type { TileAnswer } from '../core/basemaps/serve.js';
import { appProtocol } from './protocol.js';

describe('app:// protocol', () => {
  const read: string[] = [];
  const asked: string[] = [];
  const png = Buffer.from([0x89, 0x50, 0x4e, 0x47]);
  const handle = appProtocol({
    rendererDir: '/app/out/renderer',
    mapDir: '/app/resources/map',
    startView: { lon: 5.4711, lat: 51.4426 },
    tile: async (path): Promise<TileAnswer> => {
      asked.push(path);
      return path.startsWith('00000000-0000-4000-8000-000000000001/')
        ? { status: 200, headers: { 'Content-Type': 'image/png' }, body: png }
        : { status: 204, headers: {}, body: null };
    },
    fetchFile: async (url) => (read.push(url), new Response(`file ${url}`)),
  });

  it('hands /basemaps/ paths to core and returns its answer as it is', async () => {
    const r = await handle({ url: 'app://watchfloor/basemaps/00000000-0000-4000-8000-000000000001/15/16875/10879' });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await r.arrayBuffer()).equals(png)).toBe(true);
    const empty = await handle({ url: 'app://watchfloor/basemaps/00000000-0000-4000-8000-000000000002/1/0/0' });
    expect(empty.status).toBe(204);
    expect(asked).toEqual(['00000000-0000-4000-8000-000000000001/15/16875/10879', '00000000-0000-4000-8000-000000000002/1/0/0']);
    expect(read).toEqual([]);
  });

  it('reads the renderer and the shipped map from their folders only', async () => {
    await handle({ url: 'app://watchfloor/' });
    await handle({ url: 'app://watchfloor/map/glyphs/Noto%20Sans%20Regular/0-255.pbf' });
    expect(read).toEqual(['file:///app/out/renderer/index.html', 'file:///app/resources/map/glyphs/Noto%20Sans%20Regular/0-255.pbf']);
    expect((await handle({ url: 'app://watchfloor/map/..%2F..%2Fsecret.key' })).status).toBe(404);
  });

  it('answers /start-view with the view it was given, or null, never cached', async () => {
    const r = await handle({ url: 'app://watchfloor/start-view' });
    expect(r.headers.get('cache-control')).toBe('no-store');
    expect(await r.json()).toEqual({ lon: 5.4711, lat: 51.4426 });
    const none = appProtocol({ rendererDir: '/r', mapDir: '/m', startView: null, tile: async () => ({ status: 204, headers: {}, body: null }), fetchFile: async () => new Response('') });
    expect(await (await none({ url: 'app://watchfloor/start-view' })).json()).toBeNull();
    expect(read).not.toContain('file:///app/out/renderer/start-view');
  });
});
