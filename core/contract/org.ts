import { z } from 'zod';
import { own } from './errors/index.js';

export const ControlPointInput = z.object({ u: z.number().finite(), v: z.number().finite(), lat: z.number().min(-90).max(90), lon: z.number().min(-180).max(180) });

export const PlanInfo = z.object({
  mime: z.enum(['image/png', 'image/jpeg']),
  width: z.number().int(),
  height: z.number().int(),
  /** Null until the plan is placed. */
  metresPerPixel: z.number().nullable(),
});
export type PlanInfo = z.infer<typeof PlanInfo>;

/** How a map was placed, with the residuals in metres when by control points. */
export const PlacementInfo = z.union([
  z.object({ by: z.literal('points'), points: z.array(ControlPointInput), kind: z.enum(['similarity', 'affine']), residualsM: z.array(z.number()), rmsM: z.number(), maxM: z.number() }),
  z.object({ by: z.literal('typed'), originLat: z.number(), originLon: z.number(), rotationDeg: z.number(), metresPerPixel: z.number() }),
]);
export type PlacementInfo = z.infer<typeof PlacementInfo>;

/** A map: its georeference (feeding frame ⇄ lat/lon), and its floor plan once imported. */
export const SiteMap = z.object({
  id: z.string().uuid(),
  mapId: z.string(),
  name: z.string(),
  originLat: z.number(),
  originLon: z.number(),
  rotationDeg: z.number(),
  bounds: z.object({ minX: z.number(), minY: z.number(), maxX: z.number(), maxY: z.number() }),
  /** Frame → east/north when a plan was placed by three or more points (see Georef.matrix). */
  matrix: z.tuple([z.number(), z.number(), z.number(), z.number()]).nullable(),
  plan: PlanInfo.nullable(),
  placement: PlacementInfo.nullable(),
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

/** A VDA 5050 mapId: what vehicles report in their position. */
export const MapIdText = z.string().trim().min(1).max(200).regex(/^[^\s/#+]+$/, own('input.mapId'));
export const SlugText = z.string().trim().toLowerCase().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, own('input.slug'));

export const SiteInput = z.object({
  name: z.string().trim().min(1).max(200),
  slug: SlugText,
  timeZone: z.string().min(1).max(64),
  lat: z.number().min(-90).max(90),
  lon: z.number().min(-180).max(180),
});
export type SiteInput = z.infer<typeof SiteInput>;

/** How a plan is placed: by control points, or typed (its bottom-left corner, turn and scale). */
export const Placement = z.union([
  z.object({ by: z.literal('points'), points: z.array(ControlPointInput).min(2).max(50) }),
  z.object({
    by: z.literal('typed'),
    originLat: z.number().min(-90).max(90),
    originLon: z.number().min(-180).max(180),
    rotationDeg: z.number().gt(-360).lt(360),
    metresPerPixel: z.number().positive().lt(1000),
  }),
]);
export type Placement = z.infer<typeof Placement>;

/** First-run setup: each step done or not, read from what the database holds. */
export const SETUP_STEPS = ['site', 'map', 'places', 'staff', 'residents'] as const;
export type SetupStep = (typeof SETUP_STEPS)[number];
export const SetupProgress = z.object({ demo: z.boolean(), siteId: z.string().nullable(), done: z.record(z.enum(SETUP_STEPS), z.boolean()) });
export type SetupProgress = z.infer<typeof SetupProgress>;

/**
 * A plan image or site file sent in pieces: a browser's connection carries at most 1 MiB a message,
 * so anything larger is staged first (`org.stageBegin`, `org.stageChunk`), then named by its id.
 */
export const STAGED_CHUNK_BYTES = 512 * 1024;
/** A site file with its plans may be this large (a plan alone at most 20 MB). */
export const STAGED_MAX_BYTES = 64 * 1024 * 1024;
export const StagedId = z.string().uuid();
export const StagedBegin = z.object({ bytes: z.number().int().min(1, own('input.fileEmpty')).max(STAGED_MAX_BYTES, own('input.stagedMax')) });
export const StagedChunk = z.object({
  id: StagedId,
  offset: z.number().int().nonnegative(),
  data: z.string().min(1).max(Math.ceil(STAGED_CHUNK_BYTES / 3) * 4, own('input.pieceMax')).regex(/^[A-Za-z0-9+/]*={0,2}$/, own('input.pieceBase64')),
});
