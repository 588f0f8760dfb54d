import { panels } from '../../lib/panels.svelte.js';

/** Widths of the incidents view's panels, which App also needs to keep a selection in the uncovered map. */
export const LIST_WIDTH = 460;
export const PANEL_WIDTH = 410;
export const GAP = 12;

/** The list panel's width as shown: folded to a strip, or as wide as the user dragged it. */
export const listWidth = (): number => panels.width('incidents', LIST_WIDTH);

/** Pixels of the map's left side the incidents view's panels cover. */
export const coveredLeft = (panelOpen: boolean): number => GAP + listWidth() + GAP + (panelOpen ? panelWidth() + GAP : 0);

/** The panel beside the list (a selection's details, or a form): folded or widened like the list, remembered apart. */
export const DETAIL_PANEL = 'incidents-detail';
export const panelWidth = (): number => panels.width(DETAIL_PANEL, PANEL_WIDTH);
