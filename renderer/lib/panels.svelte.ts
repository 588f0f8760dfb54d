import { clampWidth, readStored, shownWidth, type PanelState } from './panels.js';

const KEY = 'watchfloor.panels';

/**
 * The list panel of each map view (fleet, mission queue, incidents, city board): folded or not,
 * and how wide, remembered on this machine. The views' layout reads it, so the panels beside the
 * list and the map's padding move with it.
 */
export class PanelsManager {
  #state = $state<Record<string, PanelState>>(readStored(typeof localStorage === 'undefined' ? null : localStorage.getItem(KEY)));

  width(view: string, fallback: number): number {
    return shownWidth(this.#state[view], fallback);
  }

  folded(view: string): boolean {
    return this.#state[view]?.folded === true;
  }

  fold(view: string, folded: boolean): void {
    this.#state[view] = { ...this.#state[view], folded };
    this.#save();
  }

  resize(view: string, width: number): void {
    this.#state[view] = { ...this.#state[view], width: clampWidth(width, window.innerWidth) };
    this.#save();
  }

  reset(): void {
    this.#state = {};
  }

  #save(): void {
    try {
      localStorage.setItem(KEY, JSON.stringify(this.#state));
    } catch {
      /* storage full or off: the layout holds for this session */
    }
  }
}

let made: PanelsManager | null = null;
/**
 * Made on first use: a module that imports a view's layout without Svelte's compiler (a unit
 * test of the keyboard shortcuts, through the view registry) must not run $state on import.
 */
export const panels = new Proxy({} as PanelsManager, {
  get(_, key) {
    made ??= new PanelsManager();
    const value: unknown = Reflect.get(made, key);
    return typeof value === 'function' ? value.bind(made) : value;
  },
});
