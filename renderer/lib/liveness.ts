// Whether what the console shows is live: the rules, apart from the timers that apply them.

/** How often the page asks core for a sign of life. */
export const HEARTBEAT_MS = 1000;
/** With no answer for this long, everything live on the page is marked stale (the issue asks for 3 s at most). */
export const STALE_AFTER_MS = 2500;
/** How often a page that lost core checks why (unreachable, or back with another access token). */
export const PROBE_MS = 2000;

/**
 * Why the page is not live: core unreachable (stopped, or the network between),
 * silent (connected but not answering, e.g. blocked), back and reconnecting,
 * restarted (it answers, but this page's access token belonged to its previous run),
 * or starting (the host serves the page but its core has never answered yet: its
 * database is still opening).
 */
export type Loss = 'unreachable' | 'silent' | 'reconnecting' | 'restarted' | 'starting';

/** A loss before core ever answered this page is its start, unless nothing listens or the page's access ended. */
export const beforeFirstAnswer = (loss: Loss): Loss => (loss === 'unreachable' || loss === 'restarted' ? loss : 'starting');

/** Stale once the last answer is older than STALE_AFTER_MS, or at once when the link says it closed. */
export function isStale(lastAnswer: number, linkClosed: boolean, now: number): boolean {
  return linkClosed || now - lastAnswer > STALE_AFTER_MS;
}

/**
 * What a plain request for the page says about the host: a network error means nothing
 * listens; 401 means a host listens that no longer knows this page's cookie (it restarted
 * with a new token); anything else means it is there and the socket will come back.
 */
export function probeLoss(result: number | 'network-error'): Loss {
  if (result === 'network-error') return 'unreachable';
  if (result === 401) return 'restarted';
  return 'reconnecting';
}
