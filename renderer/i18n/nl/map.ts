import type { Same } from '../../../core/contract/words.js';
import type en from '../en/map.js';

export default {
  layers: {
    incidents: 'Incidenten',
    alerts: 'Alarmen',
    requests: 'Meldingen',
    reports: 'Rapporten',
    announcements: 'Mededelingen',
    assets: 'Objecten',
    resources: 'Middelen',
  },
  legend: {
    priorityHighest: 'prioriteit 1 (hoogste)',
    priority: 'prioriteit {{value}}',
    severityCritical: 'ernst 1 (kritiek)',
    severity: 'ernst {{value}}',
    values: {
      requests: { open: 'open', in_progress: 'in behandeling', closed: 'gesloten' },
      reports: {
        new: 'nieuw', under_review: 'in beoordeling', assigned: 'toegewezen', in_progress: 'in behandeling',
        resolved: 'opgelost', closed: 'gesloten', rejected: 'afgewezen',
      },
      announcements: { info: 'info', warning: 'waarschuwing', critical: 'kritiek' },
      assets: { park: 'park', vehicle: 'voertuig', sensor: 'sensor', facility: 'voorziening' },
    },
  },
  draw: {
    pointMove: 'Klik ergens anders om het punt te verplaatsen.',
    pointPlace: 'Klik op de kaart om het punt te plaatsen.',
    circleCenter: 'Klik op het middelpunt van de cirkel.',
    circleSizing: 'Beweeg en klik (of sleep) om de straal te bepalen, of typ hem in.',
    circleDone: 'Klik om het middelpunt te verplaatsen, of wijzig de straal.',
    polygonClosed: 'Gesloten. Ongedaan maken opent het vlak weer.',
    polygonCorners: 'Klik de hoekpunten aan ({{n}} tot nu toe, minstens 3).',
    polygonMore: 'Klik meer hoekpunten aan; dubbelklik, of klik op het eerste hoekpunt, om te sluiten.',
    radiusNotNumber: 'de straal moet een aantal meters zijn',
  },
  fleet: {
    maintenance: 'in onderhoud',
    decommissioned: 'buiten gebruik',
  },
  floors: {
    group: 'Verdieping',
    all: 'Alle',
    others_one: '{{n}} voertuig op andere verdiepingen',
    others_other: '{{n}} voertuigen op andere verdiepingen',
    noMap: 'geen kaart',
  },
  route: {
    pickup: 'Ophalen · {{name}}',
    dropoff: 'Afleveren · {{name}}',
  },
  controls: {
    zoomIn: 'Inzoomen',
    zoomOut: 'Uitzoomen',
    resetBearing: 'Noord boven zetten',
    toggleAttribution: 'Bronvermelding tonen/verbergen',
    map: 'Kaart',
  },
  attribution: {
    demoSite: 'Watchfloor-demolocatie (fictief)',
  },
} as const satisfies Same<typeof en>;
