import type { FeatureCollection } from 'geojson';
import type { CircleLayerSpecification, GeoJSONSourceSpecification } from 'maplibre-gl';

/** Something a view wants marked on the map (an audit entry, later a vehicle or an incident). */
export interface MapPoint {
  id: string | number;
  lon: number;
  lat: number;
  label?: string;
}

export const POINTS_SOURCE = 'view-points';
export const POINTS_LAYER = 'view-points';
export const SELECTED_LAYER = 'view-points-selected';

export function pointsData(points: MapPoint[]): FeatureCollection {
  return {
    type: 'FeatureCollection',
    features: points.map((p) => ({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [p.lon, p.lat] },
      properties: { id: p.id, label: p.label ?? '' },
    })),
  };
}

/** What the points look like on the map, as one string: equal when nothing drawn would differ. */
export const pointsKey = (points: MapPoint[]): string => points.map((p) => `${p.id}\u0001${p.lon}\u0001${p.lat}\u0001${p.label ?? ''}`).join('\u0002');

export const pointsSource = (points: MapPoint[]): GeoJSONSourceSpecification => ({ type: 'geojson', data: pointsData(points) });

/** Drawn above the basemap, which stays as it is; the selected point is a larger ring on top. */
export function pointsLayers(selectedId: string | number | null): CircleLayerSpecification[] {
  return [
    {
      id: POINTS_LAYER, type: 'circle', source: POINTS_SOURCE,
      paint: { 'circle-radius': 6, 'circle-color': '#4aa3ff', 'circle-stroke-color': '#0f141a', 'circle-stroke-width': 1.5, 'circle-opacity': 0.9 },
    },
    {
      id: SELECTED_LAYER, type: 'circle', source: POINTS_SOURCE, filter: selectedFilter(selectedId),
      paint: { 'circle-radius': 10, 'circle-color': '#ffb020', 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 2.5 },
    },
  ];
}

export const selectedFilter = (id: string | number | null): ['==', ['get', string], string | number] => ['==', ['get', 'id'], id ?? '\u0000none'];
