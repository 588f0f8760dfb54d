// A few hundred shapes drawn as SVG over the map instead of as MapLibre layers. A MapLibre
// GeoJSON source whose data changes costs a worker round trip, a tile reload and two full
// redraws of the map; in software WebGL that is 100–150 ms each. SVG costs the map no redraw:
// the browser paints the shapes over it, and they are projected again when the camera moves.
import type { Feature, FeatureCollection, Position } from 'geojson';
import type maplibregl from 'maplibre-gl';

const NS = 'http://www.w3.org/2000/svg';

type Project = (p: [number, number]) => { x: number; y: number };
export type Attrs = Record<string, string>;

/** A feature's key from one data set to the next: its layer, kind and id. */
export const featureKey = (p: Record<string, unknown>) => `${String(p.layer)}:${String(p.kind ?? '')}:${String(p.id)}`;

/** The shape's position in pixels: a circle's centre or a path, from the map's projection. */
export function geometryAttrs(f: Feature, project: Project): Attrs {
  const g = f.geometry;
  const at = (c: Position) => project([c[0]!, c[1]!]);
  const line = (cs: Position[]) => cs.map((c, i) => { const p = at(c); return `${i ? 'L' : 'M'}${p.x.toFixed(1)} ${p.y.toFixed(1)}`; }).join('');
  if (g.type === 'Point') {
    const p = at(g.coordinates);
    return { cx: p.x.toFixed(1), cy: p.y.toFixed(1) };
  }
  if (g.type === 'LineString') return { d: line(g.coordinates) };
  if (g.type === 'Polygon') return { d: g.coordinates.map((r) => `${line(r)}Z`).join('') };
  return {};
}

/**
 * SVG shapes over a map, in its own container (under its controls), following its camera.
 * Each feature is drawn in the group of its `layer` property, groups stacked in the order
 * given, styled by `style`; a feature keeps its element from one `set` to the next.
 */
export class SvgOverlay {
  private readonly svg = document.createElementNS(NS, 'svg');
  private readonly groups = new Map<string, SVGGElement>();
  private items = new Map<string, { f: Feature; el: SVGElement }>();

  constructor(private readonly map: maplibregl.Map, layers: readonly string[], private readonly style: (p: Record<string, unknown>) => Attrs, testid: string) {
    this.svg.setAttribute('style', 'position:absolute;left:0;top:0;width:100%;height:100%;pointer-events:none;overflow:hidden;');
    this.svg.dataset.testid = testid;
    for (const layer of layers) this.groups.set(layer, this.svg.appendChild(document.createElementNS(NS, 'g')));
    map.getCanvasContainer().appendChild(this.svg);
    map.on('move', this.layout);
    map.on('resize', this.layout);
  }

  set(fc: FeatureCollection): void {
    const old = this.items;
    this.items = new Map();
    for (const f of fc.features) {
      const p = f.properties ?? {};
      const group = this.groups.get(String(p.layer));
      if (!group) continue;
      const tag = f.geometry.type === 'Point' ? 'circle' : 'path';
      const key = featureKey(p);
      const was = old.get(key);
      const el = was && was.el.tagName === tag ? was.el : document.createElementNS(NS, tag);
      if (was && was.el !== el) was.el.remove();
      old.delete(key);
      for (const [k, v] of Object.entries(this.style(p))) el.setAttribute(k, v);
      Object.assign(el.dataset, { layer: String(p.layer), kind: String(p.kind ?? ''), id: String(p.id), label: String(p.label ?? '') });
      group.appendChild(el);
      this.items.set(key, { f, el });
    }
    for (const gone of old.values()) gone.el.remove();
    this.layout();
  }

  private readonly layout = (): void => {
    const project: Project = (c) => this.map.project(c);
    for (const { f, el } of this.items.values()) for (const [k, v] of Object.entries(geometryAttrs(f, project))) el.setAttribute(k, v);
  };

  destroy(): void {
    this.map.off('move', this.layout);
    this.map.off('resize', this.layout);
    this.svg.remove();
  }
}
