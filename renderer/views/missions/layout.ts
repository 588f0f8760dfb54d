import { panels } from '../../lib/panels.svelte.js';

/** Widths of the missions view's panels, which App also needs to keep the route in the uncovered map. */
export const QUEUE_WIDTH = 440;
export const PANEL_WIDTH = 390;
export const GAP = 12;

/** The list panel's width as shown: folded to a strip, or as wide as the user dragged it. */
export const listWidth = (): number => panels.width('missions', QUEUE_WIDTH);

/** Pixels of the map's left side the missions view's panels cover. */
export const coveredLeft = (panelOpen: boolean): number => GAP + listWidth() + GAP + (panelOpen ? panelWidth() + GAP : 0);

/** The panel beside the list (a selection's details, or a form): folded or widened like the list, remembered apart. */
export const DETAIL_PANEL = 'missions-detail';
export const panelWidth = (): number => panels.width(DETAIL_PANEL, PANEL_WIDTH);
