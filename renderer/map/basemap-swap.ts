import type { StyleSpecification } from 'maplibre-gl';

/**
 * The style after a basemap change: the next basemap's sources and layers at the bottom, and
 * everything the views added on top of the old one (fleet, cases, places, drawing) kept above
 * it, in their order. Given to MapLibre's setStyle as `transformStyle`, so its diff changes
 * only the basemap and the overlays' sources, data and images stay as they are.
 */
export function withOverlays(current: StyleSpecification | undefined, oldBase: StyleSpecification, nextBase: StyleSpecification): StyleSpecification {
  if (!current) return nextBase;
  const baseLayers = new Set(oldBase.layers.map((l) => l.id));
  const baseSources = new Set(Object.keys(oldBase.sources));
  const overlays = current.layers.filter((l) => !baseLayers.has(l.id));
  const overlaySources = Object.fromEntries(Object.entries(current.sources).filter(([id]) => !baseSources.has(id)));
  return { ...nextBase, sources: { ...nextBase.sources, ...overlaySources }, layers: [...nextBase.layers, ...overlays] };
}
