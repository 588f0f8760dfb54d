import { panels } from '../../lib/panels.svelte.js';

/** Widths of the city view's panels, which App also needs to keep a selected case in the uncovered map. */
export const BOARD_WIDTH = 470;
export const PANEL_WIDTH = 400;
export const GAP = 12;

/** The list panel's width as shown: folded to a strip, or as wide as the user dragged it. */
export const listWidth = (): number => panels.width('city', BOARD_WIDTH);

/** Pixels of the map's left side the city view's panels cover. */
export const coveredLeft = (panelOpen: boolean): number => GAP + listWidth() + GAP + (panelOpen ? panelWidth() + GAP : 0);

/** The panel beside the list (a selection's details, or a form): folded or widened like the list, remembered apart. */
export const DETAIL_PANEL = 'city-detail';
export const panelWidth = (): number => panels.width(DETAIL_PANEL, PANEL_WIDTH);
