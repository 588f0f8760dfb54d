// One file holding a site's maps, floor plans, georeferences and path graphs: what
// org.exportSite writes and org.importSite reads back (the demo site loads the same way).
import { z } from 'zod';
import { GraphNode } from './graph.js';
import { PlacementInfo, SiteInput } from './org.js';

export const SITE_FILE_FORMAT = 'watchfloor-site';

export const SiteFileMap = z.object({
  mapId: z.string().min(1).max(200),
  name: z.string().trim().min(1).max(200),
  georef: z.object({
    originLat: z.number().min(-90).max(90),
    originLon: z.number().min(-180).max(180),
    rotationDeg: z.number().gt(-360).lt(360),
    matrix: z.tuple([z.number(), z.number(), z.number(), z.number()]).nullable().default(null),
  }),
  bounds: z.object({ minX: z.number(), minY: z.number(), maxX: z.number(), maxY: z.number() }),
  plan: z.object({
    mime: z.enum(['image/png', 'image/jpeg']),
    metresPerPixel: z.number().positive().nullable(),
    /** The image file, base64. */
    data: z.string().min(8).max(28_000_000),
  }).nullable().default(null),
  placement: PlacementInfo.nullable().default(null),
  nodes: z.array(GraphNode).max(10_000).default([]),
  edges: z.array(z.tuple([z.string(), z.string()])).max(50_000).default([]),
});
export type SiteFileMap = z.infer<typeof SiteFileMap>;

export const SiteFile = z.object({
  format: z.literal(SITE_FILE_FORMAT),
  version: z.literal(1),
  site: SiteInput,
  maps: z.array(SiteFileMap).max(100),
});
export type SiteFile = z.infer<typeof SiteFile>;
