import { z } from 'zod';
import { own } from './errors/index.js';

/** The basemap that ships with the console: Natural Earth and the demo campus, drawn from local files. */
export const SHIPPED_BASEMAP = 'shipped';

/** An offline map pack imported into the data folder (MBTiles or PMTiles). */
export const BasemapPack = z.object({
  id: z.string().uuid(),
  name: z.string(),
  format: z.enum(['mbtiles', 'pmtiles']),
  /** Raster packs are drawn as images; vector packs with a style the console makes from their layers. */
  kind: z.enum(['raster', 'vector']),
  tileType: z.enum(['png', 'jpg', 'webp', 'pbf']),
  minzoom: z.number().int(),
  maxzoom: z.number().int(),
  /** [west, south, east, north] in degrees. */
  bounds: z.tuple([z.number(), z.number(), z.number(), z.number()]),
  center: z.tuple([z.number(), z.number()]).nullable(),
  /** The vector layers the pack declares (MBTiles `json`, PMTiles metadata). */
  vectorLayers: z.array(z.string()),
  attribution: z.string(),
  bytes: z.number().int(),
  fileName: z.string(),
  importedAt: z.string(),
  importedBy: z.string(),
});
export type BasemapPack = z.infer<typeof BasemapPack>;

/** The packs, and which basemap each site uses unless a user chose another. */
export interface BasemapList {
  packs: BasemapPack[];
  /** site id → pack id or `shipped`. */
  siteDefaults: Record<string, string>;
}

/** Largest pack the console takes (8 GiB), and the size of one uploaded piece. */
export const BASEMAP_MAX_BYTES = 8 * 1024 ** 3;
export const BASEMAP_CHUNK_BYTES = 512 * 1024;

export const BasemapImportBegin = z.object({
  fileName: z.string().trim().min(1).max(255),
  bytes: z.number().int().positive().max(BASEMAP_MAX_BYTES, own('input.mapPackMax')),
});
export const BasemapImportChunk = z.object({
  uploadId: z.string().uuid(),
  offset: z.number().int().nonnegative(),
  /** At most one piece, as base64. */
  data: z.string().max(Math.ceil(BASEMAP_CHUNK_BYTES / 3) * 4),
});
export const BasemapImportFinish = z.object({
  uploadId: z.string().uuid(),
  name: z.string().trim().min(1, own('input.mapName')).max(120),
});
export const BasemapSiteDefault = z.object({
  siteId: z.string().uuid(),
  basemap: z.union([z.literal(SHIPPED_BASEMAP), z.string().uuid()]),
});
