import { z } from 'zod';
import { coded, own } from './errors/index.js';

// The map's case layers: which ones exist, what a viewport request looks like and
// what comes back (GeoJSON per layer). Shared by core/map and the renderer.

export const LAYER_IDS = ['incidents', 'alerts', 'requests', 'reports', 'announcements', 'assets', 'resources'] as const;
export const LayerId = z.enum(LAYER_IDS);
export type LayerId = z.infer<typeof LayerId>;

/** The permission a user needs to see a layer. */
export const LAYER_PERMISSION: Record<LayerId, 'incidents:read' | 'city:read'> = {
  incidents: 'incidents:read',
  alerts: 'incidents:read',
  resources: 'incidents:read',
  requests: 'city:read',
  reports: 'city:read',
  announcements: 'city:read',
  assets: 'city:read',
};

export const Bbox = z
  .object({
    minLat: z.number().min(-90).max(90),
    minLon: z.number().min(-180).max(180),
    maxLat: z.number().min(-90).max(90),
    maxLon: z.number().min(-180).max(180),
  })
  .refine((b) => b.minLat <= b.maxLat, coded('system.viewportLat'))
  .refine((b) => b.minLon <= b.maxLon, coded('system.viewportLon'));
export type Bbox = z.infer<typeof Bbox>;

export const MapLayersInput = z.object({
  siteId: z.string().min(1),
  bbox: Bbox,
  zoom: z.number().min(0).max(24),
  layers: z.array(LayerId).min(1, own('input.layers')),
});
export type MapLayersInput = z.infer<typeof MapLayersInput>;

export interface PointGeometry {
  type: 'Point';
  coordinates: [number, number];
}
export interface PolygonGeometry {
  type: 'Polygon';
  coordinates: [number, number][][];
}
/** Properties always carry id and layer; clusters carry cluster: true and point_count. */
export interface LayerFeature {
  type: 'Feature';
  id?: number;
  geometry: PointGeometry | PolygonGeometry;
  properties: { layer: LayerId; id: string; [key: string]: string | number | boolean | null };
}
export interface LayerCollection {
  type: 'FeatureCollection';
  features: LayerFeature[];
  /** True when the server grouped the points into grid clusters (too many in view). */
  clustered: boolean;
  /** Rows in view before clustering. */
  total: number;
}
export interface MapLayersResult {
  layers: Partial<Record<LayerId, LayerCollection>>;
  /** Layers asked for that this user may not read; they are left out, not failed. */
  denied: { layer: LayerId; permission: string }[];
}
