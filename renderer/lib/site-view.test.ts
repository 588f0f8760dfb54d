import { describe, expect, it } from 'vitest';
import { SITE_VIEW_KEY, fetchStartView, keepSiteView, readSiteView } from './site-view.js';

const memory = () => {
  const m = new Map<string, string>();
  return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v), m };
};

describe('the last site view', () => {
  it('is kept as the site centre alone and read back', () => {
    const s = memory();
    expect(readSiteView(s)).toBeNull();
    keepSiteView(s, { lon: 4.9, lat: 52.37, name: 'Lindenhof', id: 'x' } as never);
    expect(JSON.parse(s.m.get(SITE_VIEW_KEY)!)).toEqual({ lon: 4.9, lat: 52.37 });
    expect(readSiteView(s)).toEqual({ lon: 4.9, lat: 52.37 });
  });
  it('is none where storage is missing or holds something else, rather than a map somewhere wrong', () => {
    expect(readSiteView(undefined)).toBeNull();
    for (const bad of ['{', '42', 'null', '{"lon":"4","lat":52}', '{"lon":200,"lat":52}', '{"lon":4,"lat":-91}', '{"lon":null,"lat":1}']) {
      const s = memory();
      s.m.set(SITE_VIEW_KEY, bad);
      expect(readSiteView(s), bad).toBeNull();
    }
  });
});

describe('the start view the host offers', () => {
  const answer = (status: number, body: string) => async () => new Response(body, { status });
  it('is the view the host names', async () => {
    expect(await fetchStartView(answer(200, '{"lon":5.4711,"lat":51.4426}'))).toEqual({ lon: 5.4711, lat: 51.4426 });
  });
  it('is none where the host names none, answers something else or cannot be asked (Electron\'s window)', async () => {
    for (const get of [answer(200, 'null'), answer(200, '{"lon":500,"lat":1}'), answer(200, '<html>'), answer(404, '{"lon":1,"lat":1}')]) expect(await fetchStartView(get)).toBeNull();
    expect(await fetchStartView(async () => { throw new TypeError('Failed to fetch'); })).toBeNull();
  });
});
