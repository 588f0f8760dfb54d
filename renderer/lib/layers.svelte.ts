import { LAYER_IDS, type LayerId } from '../../core/contract/index.js';

export type { LayerId };
export interface LayerSelection {
  layer: LayerId;
  id: string;
  /** Where the case is, when the board knows: the map eases there even if the point is clustered or out of view. */
  lat?: number | null;
  lon?: number | null;
}

/**
 * The map's case layers shared by the map and the boards: which layers are shown and
 * which case is selected. A board sets `select(...)` and highlights `selected`; the map
 * does the same on a click, so the two stay in step.
 */
export class LayersManager {
  visible = $state<Set<LayerId>>(new Set(LAYER_IDS));
  selected = $state.raw<LayerSelection | null>(null);
  /** Where the last selection came from: the map eases to it only when it came from a board. */
  selectedFrom = $state<'map' | 'board'>('board');

  toggle(id: LayerId): void {
    const next = new Set(this.visible);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    this.visible = next;
  }

  show(id: LayerId, on: boolean): void {
    if (this.visible.has(id) !== on) this.toggle(id);
  }

  select(sel: LayerSelection | null, from: 'map' | 'board' = 'board'): void {
    const same = sel && this.selected && sel.layer === this.selected.layer && sel.id === this.selected.id;
    this.selectedFrom = from;
    if (!same || sel?.lat != null) this.selected = sel ? { ...sel } : null;
  }

  isSelected(layer: LayerId, id: string): boolean {
    return this.selected?.layer === layer && this.selected.id === id;
  }

  reset(): void {
    this.visible = new Set(LAYER_IDS);
    this.selected = null;
    this.selectedFrom = 'board';
  }
}
