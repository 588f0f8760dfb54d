import { panels } from '../../lib/panels.svelte.js';

/** Widths of the incidents view's panels, which App also needs to keep a selection in the uncovered map. */
export const LIST_WIDTH = 460;
export const PANEL_WIDTH = 410;
export const GAP = 12;

/** The list panel's width as shown: folded to a strip, or as wide as the user dragged it. */
export const listWidth = (): number => panels.width('incidents', LIST_WIDTH);

/** Pixels of the map's left side the incidents view's panels cover. */
export const coveredLeft = (panelOpen: boolean): number => GAP + listWidth() + GAP + (panelOpen ? PANEL_WIDTH + GAP : 0);
