/** Widths of the incidents view's panels, which App also needs to keep a selection in the uncovered map. */
export const LIST_WIDTH = 460;
export const PANEL_WIDTH = 410;
export const GAP = 12;

/** Pixels of the map's left side the incidents view's panels cover. */
export const coveredLeft = (panelOpen: boolean): number => GAP + LIST_WIDTH + GAP + (panelOpen ? PANEL_WIDTH + GAP : 0);
