import type { Loss } from './liveness.js';

// The words of liveness, in one place so they are translated in one place.
export const livenessWords = {
  /** In the top bar while stale; `since` is the site time of the last answer. */
  notLive: (since: string) => `Not live since ${since}`,
  banner: {
    unreachable: (since: string) => `Lost the console's core at ${since}. Nothing on this page is live; reconnecting by itself…`,
    silent: (since: string) => `The console's core stopped answering at ${since}. Nothing on this page is live; waiting for it…`,
    reconnecting: (since: string) => `The console's core is back after a break since ${since}; reconnecting…`,
    restarted: (since: string) =>
      `The console was restarted after ${since}, so this page's access ended. To get back in, open the address it printed when it started ` +
      `(or open-console.html in its data folder), or the window it opened.`,
  } satisfies Record<Loss, (since: string) => string>,
  reload: 'Reload',
};
