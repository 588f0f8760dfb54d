import { panels } from '../../lib/panels.svelte.js';

/** Widths of the city view's panels, which App also needs to keep a selected case in the uncovered map. */
export const BOARD_WIDTH = 470;
export const PANEL_WIDTH = 400;
export const GAP = 12;

/** The list panel's width as shown: folded to a strip, or as wide as the user dragged it. */
export const listWidth = (): number => panels.width('city', BOARD_WIDTH);

/** Pixels of the map's left side the city view's panels cover. */
export const coveredLeft = (panelOpen: boolean): number => GAP + listWidth() + GAP + (panelOpen ? PANEL_WIDTH + GAP : 0);
