// Labels for a few hundred points at most, drawn as page text over the map instead of a MapLibre
// symbol layer. A symbol layer whose data changes costs the map a placement pass and one more full
// redraw; in software WebGL that is about 100 ms for every replayed moment. Page text costs the map
// nothing: the browser lays it out, and it moves with the camera.
import type maplibregl from 'maplibre-gl';

export interface Label {
  id: string;
  text: string;
  lon: number;
  lat: number;
  bold?: boolean;
  /** What is over: drawn faded. */
  past?: boolean;
}

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** The gap between a point and the top of its label, in pixels (the circles are up to 10 px across). */
const LABEL_OFFSET = 12;

/**
 * Which labels to show: in the order given (most important first), a label is shown when it lies
 * inside the view and overlaps no label shown before it. `boxes` are the labels' own boxes in pixels.
 */
export function placeLabels(boxes: Box[], width: number, height: number): boolean[] {
  const shown: Box[] = [];
  return boxes.map((b) => {
    if (b.x < 0 || b.y < 0 || b.x + b.w > width || b.y + b.h > height) return false;
    if (shown.some((s) => b.x < s.x + s.w && s.x < b.x + b.w && b.y < s.y + s.h && s.y < b.y + b.h)) return false;
    shown.push(b);
    return true;
  });
}

const ROOT_STYLE = 'position:absolute;inset:0;pointer-events:none;overflow:hidden;';
/** On a dark tag: the basemap's own labels (which page text cannot push aside) stay behind it, not through it. */
const LABEL_STYLE = "position:absolute;left:0;top:0;box-sizing:border-box;height:16px;padding:1px 4px;border-radius:3px;white-space:nowrap;"
  + "font:11px/14px 'Noto Sans',system-ui,sans-serif;color:#e6edf3;background:rgba(13,17,23,0.82);will-change:transform;";

/** Page text over a map, in the map's own container (under its controls), following its camera. */
export class MapLabels {
  private readonly root = document.createElement('div');
  private items: { label: Label; el: HTMLSpanElement; w: number }[] = [];

  constructor(private readonly map: maplibregl.Map) {
    this.root.style.cssText = ROOT_STYLE;
    this.root.dataset.testid = 'map-labels';
    map.getCanvasContainer().appendChild(this.root);
    map.on('move', this.layout);
    map.on('resize', this.layout);
  }

  /** Shows these labels, most important first; a label whose id was shown before keeps its element. */
  set(labels: Label[]): void {
    const old = new Map(this.items.map((i) => [i.label.id, i]));
    const items = labels.map((label) => {
      const item = old.get(label.id) ?? { label, el: this.root.appendChild(document.createElement('span')), w: -1 };
      old.delete(label.id);
      if (item.w < 0 || item.label.text !== label.text || item.label.bold !== label.bold) {
        item.el.style.cssText = LABEL_STYLE + (label.bold ? 'font-weight:700;' : '');
        item.el.textContent = label.text;
        item.w = -1;
      }
      item.el.style.opacity = label.past ? '0.5' : '1';
      item.label = label;
      return item;
    });
    for (const gone of old.values()) gone.el.remove();
    this.items = items;
    // Widths are read together, after every text is set: one layout, not one per label.
    for (const i of items) if (i.w < 0) i.w = i.el.offsetWidth;
    this.layout();
  }

  private readonly layout = (): void => {
    const { clientWidth: width, clientHeight: height } = this.map.getContainer();
    const boxes = this.items.map(({ label, w }) => {
      const p = this.map.project([label.lon, label.lat]);
      return { x: Math.round(p.x - w / 2), y: Math.round(p.y + LABEL_OFFSET), w, h: 16 };
    });
    const shown = placeLabels(boxes, width, height);
    this.items.forEach(({ el }, i) => {
      el.style.visibility = shown[i] ? 'visible' : 'hidden';
      if (shown[i]) el.style.transform = `translate(${boxes[i]!.x}px, ${boxes[i]!.y}px)`;
      el.dataset.shown = String(shown[i]);
    });
  };

  destroy(): void {
    this.map.off('move', this.layout);
    this.map.off('resize', this.layout);
    this.root.remove();
  }
}
