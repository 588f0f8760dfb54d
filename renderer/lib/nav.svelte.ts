import { VIEWS, type ViewId } from '../views/registry.js';

/** The nav bar's entries, in the registry's order. */
export const views = VIEWS;
export type { ViewId };

const isView = (v: string): v is ViewId => views.some((x) => x.id === v);

/** The current view lives in the URL hash, so reload and back/forward keep it. */
export class NavManager {
  current = $state<ViewId>('live');

  constructor() {
    this.#fromHash();
    window.addEventListener('hashchange', () => this.#fromHash());
  }

  go(id: ViewId): void {
    this.current = id;
    if (location.hash !== `#/${id}`) location.hash = `/${id}`;
  }

  #fromHash(): void {
    const id = location.hash.replace(/^#\/?/, '');
    this.current = isView(id) ? id : 'live';
  }

  reset(): void {
    this.current = 'live';
  }
}
