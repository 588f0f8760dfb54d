import { intlLocale } from '../i18n/i18n.svelte.js';

/** Wall-clock time in a site's zone, with the zone's abbreviation (e.g. "14:05:09 CET"). */
export function siteClock(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat(intlLocale(), {
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
  return new Intl.DateTimeFormat(intlLocale(), { timeZone, weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' }).format(at);
}

/** Milliseconds the zone's wall clock is ahead of UTC at `t`. */
function zoneOffset(t: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
  }).formatToParts(t);
  const n = (type: string) => Number(parts.find((p) => p.type === type)!.value);
  return Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'), n('second')) - Math.floor(t / 1000) * 1000;
}

/**
 * A `datetime-local` value ("2026-03-29T02:30") read as wall-clock time at the
 * site, not in the viewer's zone, as an ISO instant. The second pass settles
 * times next to a daylight-saving change.
 */
export function siteLocalToIso(local: string, timeZone: string): string {
  const guess = Date.parse(`${local.length === 16 ? `${local}:00` : local}Z`);
  const first = guess - zoneOffset(guess, timeZone);
  return new Date(guess - zoneOffset(first, timeZone)).toISOString();
}

/** "2026-11-22 14:05:09" in the site's zone, for tables. */
export function siteDateTime(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat('sv-SE', {
    timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
  }).format(new Date(iso));
}

/**
 * The one way the console shows a moment: site time, "14:05:09" today, "Sun 29 Nov 14:05:09" on
 * another day, "29 Nov 2025 14:05:09" in another year (`seconds: false` drops the seconds).
 * Lists, timelines and panels all use it, so one event reads the same wherever it is shown.
 */
export function siteWhen(iso: string, timeZone: string, now: number = Date.now(), seconds = true): string {
  const t = new Date(iso);
  const parts = (at: Date | number) =>
    Object.fromEntries(
      new Intl.DateTimeFormat(intlLocale(), {
        timeZone, weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
      }).formatToParts(at).map((p) => [p.type, p.value]),
    ) as Record<'weekday' | 'day' | 'month' | 'year' | 'hour' | 'minute' | 'second', string>;
  const p = parts(t);
  const today = parts(now);
  const clock = `${p.hour}:${p.minute}${seconds ? `:${p.second}` : ''}`;
  if (p.year !== today.year) return `${p.day} ${p.month} ${p.year} ${clock}`;
  if (p.month !== today.month || p.day !== today.day) return `${p.weekday} ${p.day} ${p.month} ${clock}`;
  return clock;
}

/** The full moment with its zone, for a tooltip behind `siteWhen`: "2026-11-22 14:05:09 Europe/Amsterdam". */
export const siteWhenFull = (iso: string, timeZone: string): string => `${siteDateTime(iso, timeZone)} ${timeZone}`;
