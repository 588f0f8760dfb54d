// A report's words, in the language the caller asks for (the operator's): titles, column and
// series names, and the few values core names itself ("All", "No vehicle"). Names from the
// database (vehicles, wards, agencies, categories) stay as they are.
import type { ReportLanguage } from '../contract/index.js';
import { fillIn, wordsAt, type ErrorParams, type Keys, type Same } from '../contract/words.js';

const en = {
  head: { title: '{{title}}, {{from}} to {{to}} ({{timeZone}})', report: 'Report', from: 'From', to: 'To', timeZone: 'Time zone', made: 'Made' },
  all: 'All',
  byGroup: '{{what}} by {{group}}',
  median: '{{what}}, median',
  p90: '{{what}}, 90th percentile',
  response: {
    title: 'Response times', table: 'Response times by {{group}} (minutes from the alert)', chart: 'Median minutes from the alert',
    priority: 'Priority', agency: 'Agency', type: 'Type', noAgency: 'No agency',
    incidents: 'Incidents', ack: 'Acknowledged', scene: 'On scene', resolved: 'Resolved', reachedScene: 'Reached on scene',
  },
  transports: {
    title: 'Transports', vehicle: 'Vehicle', ward: 'Ward (pick-up)', hour: 'Hour of day', noVehicle: 'No vehicle',
    completed: 'Completed', failed: 'Failed', cancelled: 'Cancelled', wait: 'Wait', duration: 'Duration',
    waitMedian: 'Wait, median (min)', waitP90: 'Wait, 90th percentile (min)', durationMedian: 'Duration, median (min)', onTime: 'On time (%, ≤ {{min}} min)',
    failures: 'Failures by reason', reason: 'Reason', noReason: 'No reason given', waitChart: 'Wait and duration, median minutes',
  },
  fleet: {
    title: 'Fleet', vehicles: 'Vehicles', vehicle: 'Vehicle', reporting: 'Reporting (h)', driving: 'Driving (% of reporting time)',
    distance: 'Distance (km)', transports: 'Transports completed', batteryMin: 'Lowest battery (%)', batteryMean: 'Mean battery (%)',
    lowBattery: 'Minutes below {{pct}} %', errors: 'Errors', errorsByCode: 'Errors by code', error: 'Error', level: 'Level', times: 'Times',
    minutes: 'Minutes in total', drivingChart: 'Driving, % of reporting time', drivingSeries: 'Driving %', distanceSeries: 'Distance',
  },
  city: {
    title: 'City requests', requests: 'Requests', category: 'Category', status: 'Status', age: 'Age',
    open: 'Open', inProgress: 'In progress', closed: 'Closed', closeDays: 'Days to close, median', openDays: 'Age of the open ones, median (days)',
    backlog: 'Backlog at the end of each day', backlogChart: 'Backlog over time', day: 'Day', openRequests: 'Open requests',
    statuses: { open: 'open', in_progress: 'in progress', closed: 'closed' },
    ages: { '1': 'under a day', '2': '1–7 days', '3': '7–30 days', '4': 'over 30 days' },
  },
} as const;

const nl = {
  head: { title: '{{title}}, {{from}} t/m {{to}} ({{timeZone}})', report: 'Rapport', from: 'Van', to: 'Tot en met', timeZone: 'Tijdzone', made: 'Gemaakt' },
  all: 'Alle',
  byGroup: '{{what}} per {{group}}',
  median: '{{what}}, mediaan',
  p90: '{{what}}, 90e percentiel',
  response: {
    title: 'Responstijden', table: 'Responstijden per {{group}} (minuten vanaf de melding)', chart: 'Mediaan in minuten vanaf de melding',
    priority: 'Prioriteit', agency: 'Organisatie', type: 'Type', noAgency: 'Geen organisatie',
    incidents: 'Incidenten', ack: 'Bevestigd', scene: 'Ter plaatse', resolved: 'Opgelost', reachedScene: 'Ter plaatse gekomen',
  },
  transports: {
    title: 'Vervoer', vehicle: 'Voertuig', ward: 'Afdeling (ophalen)', hour: 'Uur van de dag', noVehicle: 'Geen voertuig',
    completed: 'Voltooid', failed: 'Mislukt', cancelled: 'Geannuleerd', wait: 'Wachttijd', duration: 'Duur',
    waitMedian: 'Wachttijd, mediaan (min)', waitP90: 'Wachttijd, 90e percentiel (min)', durationMedian: 'Duur, mediaan (min)', onTime: 'Op tijd (%, ≤ {{min}} min)',
    failures: 'Mislukt per reden', reason: 'Reden', noReason: 'Geen reden opgegeven', waitChart: 'Wachttijd en duur, mediaan in minuten',
  },
  fleet: {
    title: 'Vloot', vehicles: 'Voertuigen', vehicle: 'Voertuig', reporting: 'Gemeld (u)', driving: 'Rijdend (% van de gemelde tijd)',
    distance: 'Afstand (km)', transports: 'Vervoer voltooid', batteryMin: 'Laagste accu (%)', batteryMean: 'Gemiddelde accu (%)',
    lowBattery: 'Minuten onder {{pct}} %', errors: 'Fouten', errorsByCode: 'Fouten per code', error: 'Fout', level: 'Niveau', times: 'Keren',
    minutes: 'Minuten in totaal', drivingChart: 'Rijdend, % van de gemelde tijd', drivingSeries: 'Rijdend %', distanceSeries: 'Afstand',
  },
  city: {
    title: 'Meldingen in de stad', requests: 'Meldingen', category: 'Categorie', status: 'Status', age: 'Leeftijd',
    open: 'Open', inProgress: 'In behandeling', closed: 'Gesloten', closeDays: 'Dagen tot sluiten, mediaan', openDays: 'Leeftijd van de open meldingen, mediaan (dagen)',
    backlog: 'Achterstand aan het eind van elke dag', backlogChart: 'Achterstand door de tijd', day: 'Dag', openRequests: 'Open meldingen',
    statuses: { open: 'open', in_progress: 'in behandeling', closed: 'gesloten' },
    ages: { '1': 'korter dan een dag', '2': '1–7 dagen', '3': '7–30 dagen', '4': 'langer dan 30 dagen' },
  },
} as const satisfies Same<typeof en>;

export type ReportWordKey = Keys<typeof en>;
export const REPORT_CATALOGS = { en, nl };

export type ReportWords = ((key: ReportWordKey, params?: ErrorParams) => string) & { lang: ReportLanguage };

/** The words for a report in `lang`: `w('fleet.title')`, `w('fleet.lowBattery', { pct: 20 })`. */
export function reportWords(lang: ReportLanguage): ReportWords {
  const w = (key: ReportWordKey, params?: ErrorParams) => fillIn(wordsAt(REPORT_CATALOGS[lang], key) ?? key, params);
  return Object.assign(w, { lang });
}
