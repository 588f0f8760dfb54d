/** Widths of the missions view's panels, which App also needs to keep the route in the uncovered map. */
export const QUEUE_WIDTH = 440;
export const PANEL_WIDTH = 390;
export const GAP = 12;

/** Pixels of the map's left side the missions view's panels cover. */
export const coveredLeft = (panelOpen: boolean): number => GAP + QUEUE_WIDTH + GAP + (panelOpen ? PANEL_WIDTH + GAP : 0);
