/** Wall-clock time in a site's zone, with the zone's abbreviation (e.g. "14:05:09 CET"). */
export function siteClock(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hour12: false,
    timeZoneName: 'short',
  }).format(at);
}

/** The calendar date in the site's zone, e.g. "Sun 22 Nov 2026". */
export function siteDate(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone, weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' }).format(at);
}
