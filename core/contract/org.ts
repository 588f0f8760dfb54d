import { z } from 'zod';

export const SiteMap = z.object({
  id: z.string().uuid(),
  mapId: z.string(),
  name: z.string(),
  originLat: z.number(),
  originLon: z.number(),
  rotationDeg: z.number(),
  bounds: z.object({ minX: z.number(), minY: z.number(), maxX: z.number(), maxY: z.number() }),
});
export type SiteMap = z.infer<typeof SiteMap>;

export const Site = z.object({
  id: z.string().uuid(),
  slug: z.string(),
  name: z.string(),
  timeZone: z.string(),
  lat: z.number(),
  lon: z.number(),
  /** Cases further than this from the site's point ask for confirmation. */
  radiusKm: z.number(),
  maps: z.array(SiteMap),
});
export type Site = z.infer<typeof Site>;
