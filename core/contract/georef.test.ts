import { describe, expect, it } from 'vitest';
import { frameToLatLon, latLonToFrame, thetaToBearing, type Georef } from './georef.js';

const lindenhof: Georef = { originLat: 51.4416, originLon: 5.4697, rotationDeg: 12 };

/** Great-circle distance (haversine, mean radius): an independent check of the scale. */
function metres(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const r = (d: number) => (d * Math.PI) / 180;
  const h = Math.sin(r(b.lat - a.lat) / 2) ** 2 + Math.cos(r(a.lat)) * Math.cos(r(b.lat)) * Math.sin(r(b.lon - a.lon) / 2) ** 2;
  return 2 * 6371008.8 * Math.asin(Math.sqrt(h));
}

describe('site map georeference', () => {
  it('round-trips under 1 cm anywhere within 5 km of the origin', () => {
    let worst = 0;
    for (let i = 0; i < 2000; i++) {
      const r = 5000 * Math.sqrt(((i * 7919) % 1000) / 1000);
      const a = (i * 2 * Math.PI) / 97;
      const [x, y] = [r * Math.cos(a), r * Math.sin(a)];
      const { lat, lon } = frameToLatLon(lindenhof, x, y);
      const back = latLonToFrame(lindenhof, lat, lon);
      worst = Math.max(worst, Math.hypot(back.x - x, back.y - y));
    }
    expect(worst).toBeLessThan(0.01);
  });

  it('turns the frame counter-clockwise: worked example', () => {
    // Rotation 90°: the frame's +x points north. A point 100 m along +x is 100 m north of the
    // origin (lat grows, lon unchanged); 100 m along +y points west (lon shrinks).
    const g: Georef = { originLat: 51.4416, originLon: 5.4697, rotationDeg: 90 };
    const alongX = frameToLatLon(g, 100, 0);
    expect(alongX.lat).toBeGreaterThan(g.originLat);
    expect(alongX.lon).toBeCloseTo(g.originLon, 9);
    const alongY = frameToLatLon(g, 0, 100);
    expect(alongY.lon).toBeLessThan(g.originLon);
    expect(alongY.lat).toBeCloseTo(g.originLat, 9);
    // Lindenhof (12°): 400 m along +x ends 400·cos12° = 391.26 m east and 400·sin12° = 83.16 m north.
    // On WGS84 at 51.4416°N one degree is 111,256.7 m of latitude and 69,529.2 m of longitude
    // (meridian radius M = 6,374,540 m; N·cos φ = 3,983,731 m; tables give 111,229 m and
    // 71,696 m at 50°, 111,321 m and 64,029 m at 55°), so the corner lies at
    // +0.00074750° lat and +0.00562726° lon.
    const corner = frameToLatLon(lindenhof, 400, 0);
    expect(corner.lat - lindenhof.originLat).toBeCloseTo(0.0007475, 7);
    expect(corner.lon - lindenhof.originLon).toBeCloseTo(0.0056273, 7);
    // And a spherical haversine, independent of all this, agrees to within its 0.3 % model error.
    expect(metres({ lat: lindenhof.originLat, lon: lindenhof.originLon }, corner) / 400).toBeCloseTo(1, 2);
  });

  it('keeps distances true to about a millimetre per 100 m', () => {
    const p = frameToLatLon(lindenhof, 3000, -4000);
    expect(Math.abs(metres({ lat: lindenhof.originLat, lon: lindenhof.originLon }, p) - 5000)).toBeLessThan(10); // haversine's sphere differs by up to ~0.2 %
  });

  it('turns frame headings into compass bearings', () => {
    expect(thetaToBearing({ ...lindenhof, rotationDeg: 0 }, 0)).toBeCloseTo(90); // +x is east
    expect(thetaToBearing({ ...lindenhof, rotationDeg: 0 }, Math.PI / 2)).toBeCloseTo(0); // +y is north
    expect(thetaToBearing(lindenhof, 0)).toBeCloseTo(78); // 12° counter-clockwise from east
  });
});
